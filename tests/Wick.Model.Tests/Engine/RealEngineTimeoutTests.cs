using System.Diagnostics;
using Wick.Core.Errors;
using Wick.Core.Execution;
using Wick.Core.Execution.Llama;
using Wick.Core.Gguf;

namespace Wick.Model.Tests.Engine;

[Collection(RealEngineCollection.Name)]
public sealed class RealEngineTimeoutTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(300);

    [Fact(Timeout = 900_000)]
    public async Task A_long_prefill_past_the_step_limit_is_aborted_the_co_batched_request_finishes_unchanged_and_the_next_is_served()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var h = await RealEngineHarness.StartAsync(
            "0.5b",
            GgmlType.Q8_0,
            o => o with { ContextSize = 4096, MaxSequences = 4, BatchSize = 512 },
            new EngineOptions { MaxRunningSequences = 4, StepTokenBudget = 512, PrefillChunk = 512, StepTimeout = Limit },
            cancellation);
        var shortPrompt = await h.PromptAsync("2+2=");
        var longPrompt = await h.PromptAsync(string.Concat(Enumerable.Range(0, 200).Select(i => $"word{i} ")));
        Assert.True(longPrompt.Length > 1000);

        var alone = await h.Submit(shortPrompt, 8).ReadToEndAsync(cancellation);
        Assert.Null(alone.Finish.Error);
        var slowestAloneStep = h.Steps.Max(s => s.Duration);

        var coBatched = h.Submit(shortPrompt, 8);
        Assert.True(await coBatched.Events.WaitToReadAsync(cancellation));
        var clock = Stopwatch.StartNew();
        var offending = await h.Submit(longPrompt, 8).ReadToEndAsync(cancellation);
        var failedAfter = clock.Elapsed;
        var survivor = await coBatched.ReadToEndAsync(cancellation);
        var next = await h.Submit(shortPrompt, 8).ReadToEndAsync(cancellation);
        await h.Engine.WhenIdleAsync(cancellation);

        foreach (var step in h.Steps)
        {
            output.WriteLine($"step {step.Step}: {step.Sequences} seqs, {step.PrefillTokens}+{step.DecodeTokens} tokens, {step.Outcome}{(step.TimedOut ? " (timed out)" : "")}, {step.Duration.TotalMilliseconds:0} ms");
        }

        output.WriteLine($"offending: {offending.Finish.Reason} {offending.Finish.Error?.Message}; survivor: {survivor.Finish.Reason} {survivor.Finish.Error?.Message}; next: {next.Finish.Reason} {next.Finish.Error?.Message}");
        var aborted = Assert.Single(h.Steps, s => s.TimedOut);
        output.WriteLine($"slowest step alone {slowestAloneStep.TotalMilliseconds:0} ms; aborted step ran {aborted.Duration.TotalMilliseconds:0} ms " +
            $"(limit {Limit.TotalMilliseconds:0} ms, {aborted.PrefillTokens} prefill + {aborted.DecodeTokens} decode tokens); offending request failed {failedAfter.TotalMilliseconds:0} ms after submission");
        Assert.Equal(StepStatus.Aborted, aborted.Outcome);
        Assert.InRange(aborted.Duration, Limit, Limit + Margin);
        Assert.IsType<StepTimeoutException>(offending.Finish.Error);
        Assert.Equal(alone.TokenIds, survivor.TokenIds);
        Assert.Equal(alone.Text, survivor.Text);
        Assert.Equal(alone.TokenIds, next.TokenIds);
        var metrics = h.Engine.GetMetrics();
        Assert.Equal((1L, 0, true), (metrics.StepTimeouts, metrics.KvCellsInUse, metrics.IsHealthy));
    }
}

using Wick.Core.Execution;
using Wick.Core.Execution.Llama;
using Wick.Core.Gguf;

namespace Wick.Model.Tests.Engine;

[Collection(RealEngineCollection.Name)]
public sealed class RealEngineBatchingTests(ITestOutputHelper output)
{
    private static LlamaExecutorOptions Executor(LlamaExecutorOptions options) =>
        options with { ContextSize = 4096, MaxSequences = 32, BatchSize = 512, ExactNumerics = true };

    [Fact(Timeout = 600_000)]
    public async Task Thirty_two_prompts_at_once_give_exactly_what_each_gives_alone_in_shared_steps()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var h = await RealEngineHarness.StartAsync("tiny", GgmlType.F32, Executor, new EngineOptions { MaxRunningSequences = 32, StepTokenBudget = 512, PrefillChunk = 128 }, cancellation);
        var prompts = await Task.WhenAll(Enumerable.Range(0, 32).Select(i => h.PromptAsync($"prompt {i}: {new string((char)('a' + (i % 26)), 1 + (i % 9))} {i * 37}")));

        var alone = new List<GenerationResult>();
        foreach (var prompt in prompts)
        {
            alone.Add(await h.Submit(prompt, 16).ReadToEndAsync(cancellation));
        }

        var aloneSteps = h.Steps.Count;
        Assert.All(h.Steps, s => Assert.Equal(1, s.Sequences));
        var together = await Task.WhenAll(prompts.Select(p => h.Submit(p, 16).ReadToEndAsync(cancellation)));
        await h.Engine.WhenIdleAsync(cancellation);

        for (var i = 0; i < prompts.Length; i++)
        {
            Assert.Equal(alone[i].TokenIds, together[i].TokenIds);
            Assert.Equal(alone[i].Text, together[i].Text);
            Assert.Equal(alone[i].Finish.Reason, together[i].Finish.Reason);
        }

        var shared = h.Steps.Skip(aloneSteps).ToArray();
        var largest = shared.Max(s => s.Sequences);
        output.WriteLine($"alone: {aloneSteps} steps; together: {shared.Length} steps, largest batch {largest} sequences / {shared.Max(s => s.Tokens)} tokens, mean {shared.Average(s => s.Sequences):0.0} sequences");
        Assert.True(largest > 1, "the 32 requests shared steps");
        Assert.True(shared.Length < aloneSteps / 4, "batching cut the number of steps");
        Assert.Equal(0, h.Engine.GetMetrics().KvCellsInUse);
    }

    [Fact(Timeout = 600_000)]
    public async Task After_completed_cancelled_and_failed_requests_no_kv_cell_stays_in_use()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var h = await RealEngineHarness.StartAsync("tiny", GgmlType.F32, Executor, new EngineOptions { MaxRunningSequences = 8, StepTokenBudget = 256, PrefillChunk = 64 }, cancellation);
        using var cancel = new CancellationTokenSource();
        var completed = h.Submit(await h.PromptAsync("one plus one"), 20);
        var cancelled = h.Submit(await h.PromptAsync("a long request that gets cancelled"), 400, cancel.Token);
        var failed = h.Submit(await h.PromptAsync("a request whose sampler fails"), 20, sampler: new FailingSampler());
        Assert.True(await cancelled.Events.WaitToReadAsync(cancellation));

        await cancel.CancelAsync();
        var results = await Task.WhenAll(completed.ReadToEndAsync(cancellation), cancelled.ReadToEndAsync(cancellation), failed.ReadToEndAsync(cancellation));
        await h.Engine.WhenIdleAsync(cancellation);

        Assert.Contains(results[0].Finish.Reason, new[] { FinishReason.Length, FinishReason.Stop });
        Assert.Equal([FinishReason.Cancelled, FinishReason.Error], results.Skip(1).Select(r => r.Finish.Reason));
        var metrics = h.Engine.GetMetrics();
        Assert.Equal((0, 0, 0), (metrics.KvCellsInUse, metrics.RunningRequests, metrics.WaitingRequests));
        Assert.Equal(0, h.Executor.KvCellsInUse);
    }

    private sealed class FailingSampler : Wick.Core.Sampling.ISequenceSampler
    {
        public Wick.Core.Sampling.SampledToken Sample(Span<float> logits) => throw new InvalidOperationException("sampler failure");
    }
}

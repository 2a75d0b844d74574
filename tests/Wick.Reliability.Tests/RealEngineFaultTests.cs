using Wick.Reliability.Tests.Infrastructure;
using Wick.TestSupport.Server;

namespace Wick.Reliability.Tests;

/// <summary>
/// Faults through the real llama.cpp engine: a step timeout short enough that only a long prefill trips it, so the
/// watchdog really aborts a running llama_decode; co-batched sums go on and answer correctly.
/// </summary>
public sealed class RealEngineFaultTests
{
    [Fact(Timeout = 120_000)]
    public async Task Watchdog_aborts_a_long_real_prefill_and_the_engine_keeps_answering()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await WickTestServer.StartAsync(ct, o =>
        {
            o.MaxSequences = 16;
            o.ContextSize = 16_384;
            o.StepTokenBudget = 4_096; // a 4,000-token prompt prefills in one step
            o.StepTimeoutSeconds = 0.02; // decode steps of a few sums take about a millisecond
        });
        using var client = Api.CreateClient(server.BaseAddress, 64);
        var ledger = await FaultLedger.OpenAsync(client, ct);
        var random = new Random(3);
        var sums = Enumerable.Range(0, 24).Select(_ => Sums.Pick(random)).ToArray();

        var running = sums.Select(s => Api.PostAsync(client, "v1/chat/completions", Api.Json(Api.Chat(s.Prompt, 8, stream: true)), ct)).ToArray();
        var longPrompt = await Api.PostAsync(client, "v1/completions", Api.Json(Api.Completion(new string('x', 4_000), 4, stream: false)), ct);
        var outcomes = await Task.WhenAll(running);

        Assert.Equal((504, "step_timeout"), (longPrompt.Status, longPrompt.ErrorCode));
        Assert.True(longPrompt.EndedWithClearError, longPrompt.ToString());

        // A sum whose decode step was held up past 20 ms on this busy machine may time out too, but only cleanly.
        for (var i = 0; i < sums.Length; i++)
        {
            var fine = (outcomes[i].Completed && outcomes[i].Content == sums[i].Answer) || (outcomes[i].EndedWithClearError && outcomes[i].ErrorCode == "step_timeout");
            Assert.True(fine, $"'{sums[i].Prompt}' (expected '{sums[i].Answer}'): {outcomes[i]}");
        }

        var (prompt, answer) = Sums.Pick(random);
        var after = await Api.PostAsync(client, "v1/chat/completions", Api.Json(Api.Chat(prompt, 8, stream: false)), ct);
        Assert.True(after.Completed && after.Content == answer, after.ToString());
        await Idle.AssertReturnsToIdleAsync(server.Model.Engine, client, TimeSpan.FromSeconds(30), ct);
        await ledger.CloseAsync(client, ct);
        Assert.True(ledger.Delta("wick_step_timeouts_total") >= 1);
        Assert.True(ledger.ResponsesDelta(504) >= 1);
        ResultsFile.Record("fault.real_engine_step_timeout", new
        {
            step_timeout_ms = 20,
            long_prompt_tokens = 4_001,
            long_prompt_status = longPrompt.Status,
            co_batched_sums = sums.Length,
            co_batched_correct = outcomes.Count(o => o.Completed),
            co_batched_timed_out = outcomes.Count(o => o.ErrorCode == "step_timeout"),
            metrics = ledger.Moved(),
        });
    }
}

using System.Diagnostics;
using Wick.Reliability.Tests.Infrastructure;
using Wick.TestSupport.Server;

namespace Wick.Reliability.Tests;

/// <summary>
/// 200 clients ask for long generations and give up after half a second; the server must drop every one of them at
/// once (queue, slots and KV), and a fresh request right after must be answered promptly and correctly.
/// </summary>
public sealed class CancellationStormTests
{
    private static readonly int Clients = ReliabilityMode.Pick(200, 1_000);

    [Fact(Timeout = 120_000)]
    public async Task Two_hundred_clients_giving_up_leave_nothing_behind_and_a_fresh_request_is_served_promptly()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await WickTestServer.StartAsync(ct, o => o.MaxSequences = 32);
        using var client = Api.CreateClient(server.BaseAddress, Clients + 50);
        var engine = server.Model.Engine;
        var ledger = await FaultLedger.OpenAsync(client, ct);
        var giveUpAfter = TimeSpan.FromMilliseconds(500);

        // Long generations (ignore_eos, 1,000 tokens): none can finish in half a second.
        var storm = Enumerable.Range(0, Clients).Select(i => Task.Run(
            async () =>
            {
                using var patience = CancellationTokenSource.CreateLinkedTokenSource(ct);
                patience.CancelAfter(giveUpAfter);
                var body = i % 2 == 0 ? Api.Json(Api.Chat("1+1=", 1000, stream: true, ignoreEos: true)) : Api.Json(Api.Completion("2+3=", 1000, stream: false, ignoreEos: true));
                return await Api.PostAsync(client, i % 2 == 0 ? "v1/chat/completions" : "v1/completions", body, patience.Token);
            },
            ct)).ToArray();
        var outcomes = await Task.WhenAll(storm);
        var clock = Stopwatch.StartNew();
        var peak = engine.GetMetrics();

        // Recovery: a fresh request right away, then the engine back to zero.
        var (prompt, answer) = Sums.Pick(new Random(5));
        var fresh = await Api.PostAsync(client, "v1/chat/completions", Api.Json(Api.Chat(prompt, 8, stream: true)), ct);
        var freshServedMs = clock.Elapsed.TotalMilliseconds;
        var idleAfter = await Idle.AssertReturnsToIdleAsync(engine, client, TimeSpan.FromSeconds(30), ct);
        var idleMs = clock.Elapsed.TotalMilliseconds;

        Assert.All(outcomes, o => Assert.True(o.ClientCancelled, o.ToString()));
        Assert.True(fresh.Completed && fresh.Content == answer, $"fresh '{prompt}': {fresh}");
        Assert.True(freshServedMs < 5_000, $"the fresh request took {freshServedMs:F0} ms after the storm");
        await ledger.CloseAsync(client, ct);

        // Every request that reached the engine ended as cancelled (a client may give up before its request arrives):
        // the only success is the fresh request, nothing failed.
        var reachedEngine = ledger.Delta("wick_requests_cancelled_total");
        Assert.InRange(reachedEngine, 1, Clients);
        Assert.Equal(1, ledger.Delta("vllm:request_success_total"));
        Assert.Equal(0, ledger.Delta("wick_requests_failed_total"));
        ResultsFile.Record("cancellation_storm", new
        {
            clients = Clients,
            give_up_after_ms = giveUpAfter.TotalMilliseconds,
            all_cancelled_by_client = outcomes.Count(o => o.ClientCancelled),
            reached_engine_then_cancelled = reachedEngine,
            running_when_last_gave_up = peak.RunningRequests,
            waiting_when_last_gave_up = peak.WaitingRequests + peak.QueuedRequests,
            kv_cells_when_last_gave_up = peak.KvCellsInUse,
            recovery_fresh_request_ms = Stats.Round(freshServedMs),
            recovery_fresh_request_ttft_ms = Stats.Round(fresh.TimeToFirstTokenMs ?? double.NaN),
            recovery_engine_idle_ms = Stats.Round(idleMs),
            metrics = ledger.Moved(),
        });
    }
}

using Wick.Core.Execution;

namespace Wick.Reliability.Tests.Infrastructure;

/// <summary>The state every fault must leave behind: nothing running or waiting, no KV held, in the engine and in /metrics.</summary>
internal static class Idle
{
    /// <summary>Waits (bounded) for the engine to go idle, then checks its gauges and the scraped ones are all zero.</summary>
    public static async Task<TimeSpan> AssertReturnsToIdleAsync(InferenceEngine engine, HttpClient client, TimeSpan limit, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await engine.WhenIdleAsync(cancellationToken).WaitAsync(limit, cancellationToken);
        var waited = clock.Elapsed;
        var metrics = engine.GetMetrics();
        Assert.Equal(0, metrics.RunningRequests);
        Assert.Equal(0, metrics.WaitingRequests);
        Assert.Equal(0, metrics.QueuedRequests);
        Assert.Equal(0, metrics.KvCellsInUse);
        Assert.Equal(0, metrics.KvCellsReserved);
        var scrape = await Scrape.TakeAsync(client, cancellationToken);
        Assert.Equal(0, scrape["vllm:num_requests_running"]);
        Assert.Equal(0, scrape["vllm:num_requests_waiting"]);
        Assert.Equal(0, scrape["vllm:kv_cache_usage_perc"]);
        Assert.Equal(0, scrape["wick_kv_cells_in_use"]);
        Assert.Equal(1, scrape["wick_engine_healthy"]);
        return waited;
    }
}

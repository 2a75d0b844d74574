using Wick.Core.Execution;
using Wick.Core.ParkingLot;

namespace Wick.Core.Tests.ParkingLot;

public sealed class EngineMetricsTests
{
    [Fact]
    public void Waiting_requests_count_queued_and_preempted_ones()
    {
        var metrics = new EngineMetrics { QueuedRequests = 3, PreemptedRequests = 2 };

        Assert.Equal(5, metrics.WaitingRequests);
    }

    [Fact]
    public void Kv_cache_usage_is_the_fraction_in_use_and_zero_without_capacity()
    {
        Assert.Equal(0.25, new EngineMetrics { KvCellsInUse = 16, KvCapacity = 64 }.KvCacheUsage);
        Assert.Equal(0, new EngineMetrics { KvCellsInUse = 0, KvCapacity = 0 }.KvCacheUsage);
    }

    [Fact]
    public void Counters_count_finishes_by_reason_and_publish_gauges()
    {
        var counters = new EngineCounters();
        foreach (var reason in new[] { FinishReason.Stop, FinishReason.Length, FinishReason.Length, FinishReason.Cancelled, FinishReason.Error })
        {
            counters.AddFinished(reason);
        }

        counters.SetGauges(1, 2, 3, 4);

        Assert.Equal((1L, 2L, 1L, 1L), (counters.FinishedStop, counters.FinishedLength, counters.FinishedCancelled, counters.FinishedError));
        Assert.Equal((1, 2, 3, 4), (counters.Running, counters.PreemptedWaiting, counters.KvCellsInUse, counters.KvCellsReserved));
    }
}

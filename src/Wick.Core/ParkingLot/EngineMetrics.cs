namespace Wick.Core.ParkingLot;

/// <summary>
/// A point-in-time view of the engine for metrics and health endpoints (names follow vLLM's where one exists).
/// Gauges are as of the engine's last step boundary; counters are totals since start.
/// </summary>
public sealed record EngineMetrics
{
    /// <summary>Requests in the parking lot, not yet started.</summary>
    public int QueuedRequests { get; init; }

    /// <summary>Prompt tokens of the queued requests.</summary>
    public int QueuedTokens { get; init; }

    /// <summary>Started requests that were preempted and wait to be recomputed.</summary>
    public int PreemptedRequests { get; init; }

    /// <summary>Requests holding a device slot (vLLM <c>num_requests_running</c>).</summary>
    public int RunningRequests { get; init; }

    /// <summary>KV cells the device holds.</summary>
    public int KvCellsInUse { get; init; }

    /// <summary>KV cells the scheduler has reserved for running requests (at least <see cref="KvCellsInUse"/>).</summary>
    public int KvCellsReserved { get; init; }

    public int KvCapacity { get; init; }

    public long Steps { get; init; }

    public long StepTimeouts { get; init; }

    /// <summary>Steps aborted to drop a cancelled request's long prefill.</summary>
    public long StepAborts { get; init; }

    /// <summary>Steps that failed on a device error or exception.</summary>
    public long StepFailures { get; init; }

    public long Preemptions { get; init; }

    /// <summary>Requests refused at admission because the queue was full (429).</summary>
    public long Rejections { get; init; }

    /// <summary>Requests that waited in the queue past the queue-wait deadline (503).</summary>
    public long QueueTimeouts { get; init; }

    public long PromptTokens { get; init; }

    public long GenerationTokens { get; init; }

    public long FinishedStop { get; init; }

    public long FinishedLength { get; init; }

    public long FinishedCancelled { get; init; }

    public long FinishedError { get; init; }

    public int ConsecutiveStepFailures { get; init; }

    public bool IsHealthy { get; init; }

    /// <summary>Requests waiting for the device (vLLM <c>num_requests_waiting</c>): queued plus preempted.</summary>
    public int WaitingRequests => QueuedRequests + PreemptedRequests;

    /// <summary>Fraction of KV cells in use, 0..1 (vLLM <c>kv_cache_usage_perc</c>).</summary>
    public double KvCacheUsage => KvCapacity == 0 ? 0 : (double)KvCellsInUse / KvCapacity;
}

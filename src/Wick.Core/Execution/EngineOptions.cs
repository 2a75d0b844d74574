namespace Wick.Core.Execution;

/// <summary>Bounds and timeouts of one <see cref="InferenceEngine"/>. Checked by <see cref="Validate"/> when the engine is built.</summary>
public sealed record EngineOptions
{
    /// <summary>Sequences decoded together at most (capped to the executor's slots).</summary>
    public int MaxRunningSequences { get; init; } = 16;

    /// <summary>Tokens in one device step at most (capped to the executor's batch size; at least <see cref="MaxRunningSequences"/>).</summary>
    public int StepTokenBudget { get; init; } = 512;

    /// <summary>Prompt tokens of one sequence in one step at most, so long prompts do not stall running streams.</summary>
    public int PrefillChunk { get; init; } = 256;

    /// <summary>Longest a device step may run before it is aborted; <see cref="Timeout.InfiniteTimeSpan"/> disables the watchdog.</summary>
    public TimeSpan StepTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Requests waiting in the parking lot at most; beyond it admission fails fast (429).</summary>
    public int MaxQueuedRequests { get; init; } = 256;

    /// <summary>Prompt tokens waiting in the parking lot at most; beyond it admission fails fast (429).</summary>
    public int MaxQueuedTokens { get; init; } = 1 << 20;

    /// <summary>Longest a request may wait to start before it fails (503); <see cref="Timeout.InfiniteTimeSpan"/> waits forever.</summary>
    public TimeSpan QueueWaitTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Consecutive failed steps after which <see cref="InferenceEngine.IsHealthy"/> turns false (a good step resets it).</summary>
    public int UnhealthyAfterFailures { get; init; } = 3;

    /// <summary>
    /// Unread events one request's stream may hold. The engine never waits for a consumer: a request whose consumer falls
    /// this far behind ends with a slow-consumer error (its final event always fits).
    /// </summary>
    public int MaxBufferedEvents { get; init; } = 10_000;

    /// <summary>The Retry-After hint attached to retryable refusals (429/503).</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Called on the engine thread after every step; must be quick. Exceptions are logged and ignored.</summary>
    public Action<StepReport>? StepObserver { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for a value outside its range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxRunningSequences);
        ArgumentOutOfRangeException.ThrowIfLessThan(StepTokenBudget, MaxRunningSequences);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(PrefillChunk);
        ThrowIfNotPositiveOrInfinite(StepTimeout);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxQueuedRequests);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxQueuedTokens);
        ThrowIfNotPositiveOrInfinite(QueueWaitTimeout);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(UnhealthyAfterFailures);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxBufferedEvents);
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryAfter, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(TimeProvider);
    }

    private static void ThrowIfNotPositiveOrInfinite(TimeSpan value, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (value <= TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be positive or Timeout.InfiniteTimeSpan.");
        }
    }
}

namespace Wick.Core.Execution;

/// <summary>
/// Runs each device step under a deadline. <see cref="Arm"/> starts a <see cref="TimeProvider"/> timer for the step;
/// on expiry it asks the executor to abort (llama.cpp's abort callback reads the flag). Cancellations can abort the
/// armed step too. The step number guards against a late timer or a late cancellation touching a later step.
/// </summary>
internal sealed class StepWatchdog
{
    private readonly Lock gate = new();
    private readonly TimeProvider timeProvider;
    private readonly TimeSpan timeout;
    private readonly IModelExecutor executor;
    private long armedStep = -1;
    private StepAbortReason reason;
    private StepAbortReason abortEvery;
    private ITimer? timer;

    public StepWatchdog(TimeProvider timeProvider, TimeSpan timeout, IModelExecutor executor)
    {
        this.timeProvider = timeProvider;
        this.timeout = timeout;
        this.executor = executor;
    }

    public TimeSpan Timeout => timeout;

    /// <summary>Starts watching step <paramref name="step"/> (engine thread, after the executor's abort flag was cleared).</summary>
    public void Arm(long step)
    {
        lock (gate)
        {
            armedStep = step;
            reason = StepAbortReason.None;
            if (abortEvery != StepAbortReason.None)
            {
                reason = abortEvery;
                executor.RequestAbort();
            }
        }

        if (timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            // The state carries the step: a timer callback that runs late (after Disarm) cannot abort a later step.
            timer = timeProvider.CreateTimer(
                static state =>
                {
                    var (watchdog, armed) = ((StepWatchdog, long))state!;
                    watchdog.TryAbort(StepAbortReason.Timeout, armed);
                },
                (this, step),
                timeout,
                System.Threading.Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Stops watching; returns why the step was aborted, if it was. After this no abort can reach the executor.</summary>
    public StepAbortReason Disarm()
    {
        StepAbortReason result;
        lock (gate)
        {
            armedStep = -1;
            result = reason;
        }

        timer?.Dispose();
        timer = null;
        return result;
    }

    /// <summary>Aborts the armed step, if any, and every step armed from now on (shutdown). Any thread.</summary>
    public void AbortEveryStep(StepAbortReason abortReason)
    {
        lock (gate)
        {
            abortEvery = abortReason;
            TryAbort(abortReason, armedStep);
        }
    }

    /// <summary>Aborts step <paramref name="step"/> if it is still the armed one and not already aborted. Any thread.</summary>
    public bool TryAbort(StepAbortReason abortReason, long step)
    {
        lock (gate)
        {
            if (step < 0 || armedStep != step || reason != StepAbortReason.None)
            {
                return false;
            }

            reason = abortReason;
            executor.RequestAbort();
            return true;
        }
    }
}

using Wick.Core.Execution;

namespace Wick.Core.ParkingLot;

/// <summary>
/// Monotonic counters and gauges the engine publishes for metrics. Counters are bumped with interlocked operations
/// from any thread; gauges are written by the engine thread and read anywhere.
/// </summary>
internal sealed class EngineCounters
{
    private long steps;
    private long stepTimeouts;
    private long stepAborts;
    private long stepFailures;
    private long preemptions;
    private long rejections;
    private long queueTimeouts;
    private long promptTokens;
    private long generationTokens;
    private long finishedStop;
    private long finishedLength;
    private long finishedCancelled;
    private long finishedError;
    private int running;
    private int preemptedWaiting;
    private int kvCellsInUse;
    private int kvCellsReserved;

    public long Steps => Interlocked.Read(ref steps);

    public long StepTimeouts => Interlocked.Read(ref stepTimeouts);

    public long StepAborts => Interlocked.Read(ref stepAborts);

    public long StepFailures => Interlocked.Read(ref stepFailures);

    public long Preemptions => Interlocked.Read(ref preemptions);

    public long Rejections => Interlocked.Read(ref rejections);

    public long QueueTimeouts => Interlocked.Read(ref queueTimeouts);

    public long PromptTokens => Interlocked.Read(ref promptTokens);

    public long GenerationTokens => Interlocked.Read(ref generationTokens);

    public long FinishedStop => Interlocked.Read(ref finishedStop);

    public long FinishedLength => Interlocked.Read(ref finishedLength);

    public long FinishedCancelled => Interlocked.Read(ref finishedCancelled);

    public long FinishedError => Interlocked.Read(ref finishedError);

    public int Running => Volatile.Read(ref running);

    public int PreemptedWaiting => Volatile.Read(ref preemptedWaiting);

    public int KvCellsInUse => Volatile.Read(ref kvCellsInUse);

    public int KvCellsReserved => Volatile.Read(ref kvCellsReserved);

    public void AddStep() => Interlocked.Increment(ref steps);

    public void AddStepTimeout() => Interlocked.Increment(ref stepTimeouts);

    public void AddStepAbort() => Interlocked.Increment(ref stepAborts);

    public void AddStepFailure() => Interlocked.Increment(ref stepFailures);

    public void AddPreemptions(int count) => Interlocked.Add(ref preemptions, count);

    public void AddRejection() => Interlocked.Increment(ref rejections);

    public void AddQueueTimeout() => Interlocked.Increment(ref queueTimeouts);

    public void AddPromptTokens(int count) => Interlocked.Add(ref promptTokens, count);

    public void AddGenerationToken() => Interlocked.Increment(ref generationTokens);

    public void AddFinished(FinishReason reason)
    {
        switch (reason)
        {
            case FinishReason.Stop:
                Interlocked.Increment(ref finishedStop);
                break;
            case FinishReason.Length:
                Interlocked.Increment(ref finishedLength);
                break;
            case FinishReason.Cancelled:
                Interlocked.Increment(ref finishedCancelled);
                break;
            default:
                Interlocked.Increment(ref finishedError);
                break;
        }
    }

    public void SetGauges(int runningCount, int preemptedCount, int kvInUse, int kvReserved)
    {
        Volatile.Write(ref running, runningCount);
        Volatile.Write(ref preemptedWaiting, preemptedCount);
        Volatile.Write(ref kvCellsInUse, kvInUse);
        Volatile.Write(ref kvCellsReserved, kvReserved);
    }
}

using Microsoft.Extensions.Time.Testing;
using Wick.Core.Execution;
using Wick.TestSupport;

namespace Wick.Core.Tests.Execution;

public sealed class StepWatchdogTests
{
    private readonly FakeTimeProvider time = new();
    private readonly AbortCountingExecutor executor = new();

    [Fact]
    public void Watchdog_aborts_a_step_that_runs_past_the_limit()
    {
        var watchdog = new StepWatchdog(time, TimeSpan.FromSeconds(2), executor);
        watchdog.Arm(1);

        time.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.Equal(0, executor.Aborts);
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(1, executor.Aborts);
        Assert.Equal(StepAbortReason.Timeout, watchdog.Disarm());
    }

    [Fact]
    public void Watchdog_leaves_a_step_that_ends_in_time_alone()
    {
        var watchdog = new StepWatchdog(time, TimeSpan.FromSeconds(2), executor);
        watchdog.Arm(1);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(StepAbortReason.None, watchdog.Disarm());
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(0, executor.Aborts);
    }

    [Fact]
    public void Watchdog_without_a_limit_never_aborts()
    {
        var watchdog = new StepWatchdog(time, Timeout.InfiniteTimeSpan, executor);
        watchdog.Arm(1);
        time.Advance(TimeSpan.FromDays(1));

        Assert.Equal(StepAbortReason.None, watchdog.Disarm());
    }

    [Fact]
    public void Cancellation_aborts_only_the_armed_step_and_only_once()
    {
        var watchdog = new StepWatchdog(time, TimeSpan.FromSeconds(2), executor);
        Assert.False(watchdog.TryAbort(StepAbortReason.Cancelled, -1));
        watchdog.Arm(7);

        Assert.False(watchdog.TryAbort(StepAbortReason.Cancelled, 6));
        Assert.True(watchdog.TryAbort(StepAbortReason.Cancelled, 7));
        Assert.False(watchdog.TryAbort(StepAbortReason.Cancelled, 7));
        time.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(1, executor.Aborts);
        Assert.Equal(StepAbortReason.Cancelled, watchdog.Disarm());
        Assert.False(watchdog.TryAbort(StepAbortReason.Cancelled, 7));
    }

    [Fact]
    public void After_a_shutdown_abort_every_step_is_aborted_as_soon_as_it_is_armed()
    {
        var watchdog = new StepWatchdog(time, Timeout.InfiniteTimeSpan, executor);
        watchdog.AbortEveryStep(StepAbortReason.Shutdown);
        Assert.Equal(0, executor.Aborts);

        watchdog.Arm(3);

        Assert.Equal(1, executor.Aborts);
        Assert.Equal(StepAbortReason.Shutdown, watchdog.Disarm());
    }

    [Fact]
    public void A_shutdown_abort_stops_the_armed_step()
    {
        var watchdog = new StepWatchdog(time, Timeout.InfiniteTimeSpan, executor);
        watchdog.Arm(3);

        watchdog.AbortEveryStep(StepAbortReason.Shutdown);

        Assert.Equal(1, executor.Aborts);
        Assert.Equal(StepAbortReason.Shutdown, watchdog.Disarm());
    }

    private sealed class AbortCountingExecutor : IModelExecutor
    {
        private readonly MockExecutor inner = new();

        public int Aborts { get; private set; }

        public Wick.Core.Text.ITokenVocabulary Vocabulary => inner.Vocabulary;

        public int MaxSequences => inner.MaxSequences;

        public int KvCapacity => inner.KvCapacity;

        public int MaxBatchTokens => inner.MaxBatchTokens;

        public int KvCellsInUse => inner.KvCellsInUse;

        public StepOutcome Decode(StepBatch batch) => inner.Decode(batch);

        public Span<float> GetLogits(int row) => inner.GetLogits(row);

        public void RemoveCells(int slot, int fromPosition) => inner.RemoveCells(slot, fromPosition);

        public void RequestAbort() => Aborts++;

        public void ClearAbort()
        {
        }
    }
}

using Wick.Core.Execution.Llama;

namespace Wick.Core.Tests.Execution;

public sealed class NativeWorkerTests
{
    [Fact(Timeout = 10_000)]
    public async Task Work_runs_on_the_workers_own_thread_in_order()
    {
        using var worker = new NativeWorker("wick-test-native");
        var ct = TestContext.Current.CancellationToken;

        var first = worker.RunAsync(() => (Thread.CurrentThread.Name, Thread.CurrentThread.IsThreadPoolThread), ct);
        var second = worker.RunAsync(() => Environment.CurrentManagedThreadId, ct);

        var (name, pooled) = await first;
        Assert.Equal("wick-test-native", name);
        Assert.False(pooled);
        Assert.NotEqual(Environment.CurrentManagedThreadId, await second);
    }

    [Fact(Timeout = 10_000)]
    public async Task A_failing_job_fails_its_caller_and_the_worker_keeps_working()
    {
        using var worker = new NativeWorker("wick-test-native");
        var ct = TestContext.Current.CancellationToken;

        await Assert.ThrowsAsync<InvalidDataException>(() => worker.RunAsync<int>(() => throw new InvalidDataException("bad"), ct));

        Assert.Equal(42, await worker.RunAsync(() => 42, ct));
    }

    [Fact(Timeout = 10_000)]
    public async Task A_job_cancelled_while_queued_never_runs()
    {
        using var worker = new NativeWorker("wick-test-native");
        var ct = TestContext.Current.CancellationToken;
        using var gate = new ManualResetEventSlim();
        var blocker = worker.RunAsync(() => gate.Wait(TimeSpan.FromSeconds(5)), ct);
        using var cancel = new CancellationTokenSource();
        var ran = false;

        var queued = worker.RunAsync(() => ran = true, cancel.Token);
        await cancel.CancelAsync();
        gate.Set();
        await blocker;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
        await worker.RunAsync(() => 0, ct);
        Assert.False(ran);
    }

    [Fact(Timeout = 10_000)]
    public async Task Work_after_dispose_fails_with_object_disposed()
    {
        var worker = new NativeWorker("wick-test-native");
        worker.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => worker.RunAsync(() => 1, TestContext.Current.CancellationToken));
    }
}

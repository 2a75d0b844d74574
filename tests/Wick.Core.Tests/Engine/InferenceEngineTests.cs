using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using Wick.Core.Errors;
using Wick.Core.Execution;
using Wick.TestSupport;

namespace Wick.Core.Tests.Engine;

public sealed class InferenceEngineTests
{
    private static readonly int[] Prompt = [5, 9, 2, 7];
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private readonly FakeTimeProvider time = new();

    [Fact(Timeout = 30_000)]
    public async Task Engine_serves_requests_on_its_own_thread_and_returns_to_idle()
    {
        var mock = new MockExecutor();
        await using var engine = new InferenceEngine(mock, new EngineOptions { TimeProvider = time });

        var result = await Submit(engine, mock, Prompt, 6).ReadToEndAsync(TestContext.Current.CancellationToken);
        await engine.WhenIdleAsync(TestContext.Current.CancellationToken).WaitAsync(Bound, TestContext.Current.CancellationToken);

        Assert.Equal(mock.Continue(Prompt, 6), result.TokenIds);
        var thread = Assert.Single(mock.CallingThreads);
        Assert.NotEqual(Environment.CurrentManagedThreadId, thread);
        var metrics = engine.GetMetrics();
        Assert.Equal((0, 0, 0, 0), (metrics.RunningRequests, metrics.WaitingRequests, metrics.KvCellsInUse, metrics.KvCellsReserved));
        Assert.Equal((4L, 6L, 1L), (metrics.PromptTokens, metrics.GenerationTokens, metrics.FinishedLength));
        Assert.Equal((mock.KvCapacity, 0.0), (metrics.KvCapacity, metrics.KvCacheUsage));
        Assert.True(metrics.IsHealthy && engine.IsHealthy && engine.IsAcceptingRequests);
        Assert.Equal(mock.KvCapacity, engine.ContextLength);
        Assert.Same(mock.Vocabulary, engine.Vocabulary);
    }

    [Fact(Timeout = 30_000)]
    public async Task Thirty_two_prompts_submitted_at_once_give_exactly_their_outputs_alone_in_shared_steps()
    {
        var reports = new ConcurrentQueue<StepReport>();
        var mock = new MockExecutor(new MockExecutorOptions { MaxSequences = 32, KvCapacity = 4096 });
        await using var engine = new InferenceEngine(mock, new EngineOptions { MaxRunningSequences = 32, TimeProvider = time, StepObserver = reports.Enqueue });
        var prompts = Enumerable.Range(0, 32).Select(i => Enumerable.Range(i, 3 + (i % 7)).Select(t => t % 60).ToArray()).ToArray();

        var results = await Task.WhenAll(prompts.Select(p => Submit(engine, mock, p, 12)).Select(h => h.ReadToEndAsync(TestContext.Current.CancellationToken)));

        for (var i = 0; i < prompts.Length; i++)
        {
            Assert.Equal(mock.Continue(prompts[i], 12), results[i].TokenIds);
        }

        Assert.True(reports.Max(r => r.Sequences) > 1);
        Assert.Empty(mock.Violations);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_hung_step_is_aborted_by_the_watchdog_and_the_engine_keeps_serving()
    {
        var mock = new MockExecutor(new MockExecutorOptions { TimeProvider = time });
        await using var engine = new InferenceEngine(mock, new EngineOptions { TimeProvider = time, StepTimeout = TimeSpan.FromSeconds(2) });
        mock.Enqueue(MockAction.Hang);

        var hung = Submit(engine, mock, Prompt, 5);
        Assert.True(await mock.HangStarted.WaitAsync(Bound, TestContext.Current.CancellationToken));
        time.Advance(TimeSpan.FromSeconds(2));
        var failed = await hung.ReadToEndAsync(TestContext.Current.CancellationToken);
        var next = await Submit(engine, mock, Prompt, 5).ReadToEndAsync(TestContext.Current.CancellationToken);

        Assert.IsType<StepTimeoutException>(failed.Finish.Error);
        Assert.Equal(mock.Continue(Prompt, 5), next.TokenIds);
        Assert.Equal(1, engine.GetMetrics().StepTimeouts);
    }

    [Fact(Timeout = 30_000)]
    public async Task Cancelling_a_request_during_its_long_prefill_aborts_the_step_and_spares_the_others()
    {
        var mock = new MockExecutor();
        await using var engine = new InferenceEngine(mock, new EngineOptions { TimeProvider = time, StepTimeout = Timeout.InfiniteTimeSpan });
        mock.Script = step => step.Tokens > 20 ? MockAction.Hang : null;
        var running = Submit(engine, mock, Prompt, 40);
        Assert.True(await running.Events.WaitToReadAsync(TestContext.Current.CancellationToken));
        using var cts = new CancellationTokenSource();

        var longPrompt = Submit(engine, mock, Enumerable.Range(0, 30).ToArray(), 5, cts.Token);
        Assert.True(await mock.HangStarted.WaitAsync(Bound, TestContext.Current.CancellationToken));
        mock.Script = null;
        await cts.CancelAsync();

        Assert.Equal(FinishReason.Cancelled, (await longPrompt.ReadToEndAsync(TestContext.Current.CancellationToken)).Finish.Reason);
        Assert.Equal(mock.Continue(Prompt, 40), (await running.ReadToEndAsync(TestContext.Current.CancellationToken)).TokenIds);
        Assert.Equal(1, engine.GetMetrics().StepAborts);
    }

    [Fact(Timeout = 30_000)]
    public async Task Stop_lets_running_requests_finish_and_refuses_new_ones()
    {
        var mock = new MockExecutor();
        var engine = new InferenceEngine(mock, new EngineOptions { TimeProvider = time });
        var handles = Enumerable.Range(0, 4).Select(i => Submit(engine, mock, [i, 1, 2], 30)).ToArray();

        await engine.StopAsync(Timeout.InfiniteTimeSpan, TestContext.Current.CancellationToken);

        foreach (var handle in handles)
        {
            Assert.Equal(FinishReason.Length, (await handle.ReadToEndAsync(TestContext.Current.CancellationToken)).Finish.Reason);
        }

        Assert.False(engine.IsAcceptingRequests);
        Assert.False(engine.IsHealthy);
        Assert.Throws<EngineShutdownException>(() => Submit(engine, mock, Prompt, 1));
        await engine.WhenIdleAsync(TestContext.Current.CancellationToken);
        await engine.DisposeAsync();
    }

    [Fact(Timeout = 30_000)]
    public async Task Stop_ends_whatever_is_unfinished_at_the_drain_deadline()
    {
        var mock = new MockExecutor(new MockExecutorOptions { TimeProvider = time, StepLatency = TimeSpan.FromMilliseconds(10) });
        await using var engine = new InferenceEngine(mock, new EngineOptions { TimeProvider = time, MaxRunningSequences = 1, StepTokenBudget = 64 });
        var running = Submit(engine, mock, Prompt, 400);
        var queued = Submit(engine, mock, Prompt, 400);

        await engine.StopAsync(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);

        foreach (var handle in new[] { running, queued })
        {
            var result = await handle.ReadToEndAsync(TestContext.Current.CancellationToken);
            Assert.IsType<EngineShutdownException>(result.Finish.Error);
        }

        Assert.Equal(0, mock.CellsHeld);
    }

    [Fact(Timeout = 30_000)]
    public async Task Cancelling_stop_ends_the_drain_at_once()
    {
        var mock = new MockExecutor(new MockExecutorOptions { TimeProvider = time });
        var engine = new InferenceEngine(mock, new EngineOptions { TimeProvider = time, StepTimeout = Timeout.InfiniteTimeSpan });
        mock.Enqueue(MockAction.Delay(TimeSpan.FromDays(1)));
        var handle = Submit(engine, mock, Prompt, 5);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await engine.StopAsync(TimeSpan.FromHours(1), cts.Token);

        Assert.IsType<EngineShutdownException>((await handle.ReadToEndAsync(TestContext.Current.CancellationToken)).Finish.Error);
        await engine.DisposeAsync();
    }

    [Fact(Timeout = 30_000)]
    public async Task A_second_stop_without_a_drain_ends_the_first_ones_drain()
    {
        var mock = new MockExecutor();
        var engine = new InferenceEngine(mock, new EngineOptions { TimeProvider = time, StepTimeout = Timeout.InfiniteTimeSpan });
        mock.Enqueue(MockAction.Hang);
        var handle = Submit(engine, mock, Prompt, null);
        Assert.True(await mock.HangStarted.WaitAsync(Bound, TestContext.Current.CancellationToken));
        var first = engine.StopAsync(Timeout.InfiniteTimeSpan, TestContext.Current.CancellationToken);
        var second = engine.StopAsync(TimeSpan.FromHours(1), TestContext.Current.CancellationToken);
        Assert.False(first.IsCompleted || second.IsCompleted);

        await engine.DisposeAsync();
        await Task.WhenAll(first, second);

        Assert.IsType<EngineShutdownException>((await handle.ReadToEndAsync(TestContext.Current.CancellationToken)).Finish.Error);
        Assert.Equal(1, engine.GetMetrics().StepAborts);
    }

    [Fact(Timeout = 30_000)]
    public async Task Dispose_aborts_the_running_step_and_ends_requests_in_flight_with_a_shutdown_error()
    {
        var mock = new MockExecutor();
        var engine = new InferenceEngine(mock, new EngineOptions { TimeProvider = time, StepTimeout = Timeout.InfiniteTimeSpan });
        mock.Script = step => step.Index == 2 ? MockAction.Hang : null;
        var handle = Submit(engine, mock, Prompt, null);
        Assert.True(await mock.HangStarted.WaitAsync(Bound, TestContext.Current.CancellationToken));

        await engine.DisposeAsync();

        var result = await handle.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = Assert.IsType<EngineShutdownException>(result.Finish.Error);
        Assert.Equal((503, 2), (error.HttpStatus, result.TokenIds.Count));
        Assert.Equal(0, mock.CellsHeld);
        await engine.WhenIdleAsync(TestContext.Current.CancellationToken);
    }

    [Fact(Timeout = 30_000)]
    public async Task The_engine_loop_survives_a_faulting_iteration()
    {
        var mock = new MockExecutor();
        await using var engine = new InferenceEngine(mock, new EngineOptions { TimeProvider = time });
        mock.FailRemovals(1);

        var faulted = await Submit(engine, mock, Prompt, 1).ReadToEndAsync(TestContext.Current.CancellationToken);
        var next = await Submit(engine, mock, Prompt, 3).ReadToEndAsync(TestContext.Current.CancellationToken);
        await engine.WhenIdleAsync(TestContext.Current.CancellationToken);

        Assert.Equal(FinishReason.Length, faulted.Finish.Reason);
        Assert.Equal(mock.Continue(Prompt, 3), next.TokenIds);
        Assert.Equal(1, engine.GetMetrics().StepFailures);
    }

    [Fact(Timeout = 30_000)]
    public async Task Metrics_show_queued_and_running_requests()
    {
        var mock = new MockExecutor(new MockExecutorOptions { TimeProvider = time });
        await using var engine = new InferenceEngine(mock, new EngineOptions { TimeProvider = time, MaxRunningSequences = 1, StepTokenBudget = 8, StepTimeout = Timeout.InfiniteTimeSpan });
        mock.Script = step => step.Index == 1 ? MockAction.Hang : null;
        var first = Submit(engine, mock, Prompt, 5);
        var second = Submit(engine, mock, [1, 2, 3], 5);
        Assert.True(await mock.HangStarted.WaitAsync(Bound, TestContext.Current.CancellationToken));

        var metrics = engine.GetMetrics();
        mock.RequestAbort();

        Assert.Equal((1, 3, 1, 1), (metrics.QueuedRequests, metrics.QueuedTokens, metrics.RunningRequests, metrics.WaitingRequests));
        Assert.Equal(4, metrics.KvCellsInUse);
        Assert.IsType<EngineFaultException>((await first.ReadToEndAsync(TestContext.Current.CancellationToken)).Finish.Error);
        Assert.Equal(FinishReason.Length, (await second.ReadToEndAsync(TestContext.Current.CancellationToken)).Finish.Reason);
    }

    [Fact(Timeout = 30_000)]
    public async Task Engine_takes_default_options_and_a_logger_and_reports_unhealthy_after_failures()
    {
        var mock = new MockExecutor();
        var logger = new Microsoft.Extensions.Logging.Abstractions.NullLogger<InferenceEngine>();
        await using var engine = new InferenceEngine(mock, options: null, logger);
        mock.Enqueue(MockAction.DeviceError, MockAction.DeviceError, MockAction.DeviceError);

        for (var i = 0; i < 3; i++)
        {
            var result = await Submit(engine, mock, Prompt, 2).ReadToEndAsync(TestContext.Current.CancellationToken);
            Assert.IsType<EngineFaultException>(result.Finish.Error);
        }

        Assert.False(engine.IsHealthy);
        Assert.Equal((3, false), (engine.GetMetrics().ConsecutiveStepFailures, engine.GetMetrics().IsHealthy));
    }

    [Fact]
    public async Task Reading_a_stream_that_ends_without_a_final_event_is_an_error()
    {
        var channel = new TokenEventChannel();
        channel.Write(new TokenEvent(1, "a", 0, null));
        channel.Complete();
        var handle = new GenerationHandle(1, 1, 1, channel);

        await Assert.ThrowsAsync<InvalidOperationException>(() => handle.ReadToEndAsync(TestContext.Current.CancellationToken));
    }

    private static GenerationHandle Submit(InferenceEngine engine, MockExecutor mock, int[] prompt, int? maxTokens, CancellationToken? cancellation = null) =>
        engine.Submit(new GenerationRequest(prompt, maxTokens, new GreedySampler(), new PlainOutputProcessor(mock.Vocabulary)), cancellation ?? CancellationToken.None);
}

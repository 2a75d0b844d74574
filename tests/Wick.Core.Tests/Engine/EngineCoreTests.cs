using Wick.Core.Errors;
using Wick.Core.Execution;
using Wick.Core.Sampling;
using Wick.Core.Scheduling;
using Wick.Core.Text;
using Wick.TestSupport;

namespace Wick.Core.Tests.Engine;

public sealed class EngineCoreTests
{
    private static readonly int[] Prompt = [5, 9, 2, 7];

    [Fact]
    public void A_request_alone_generates_what_the_model_predicts()
    {
        var h = new CoreHarness();
        var handle = h.Submit(Prompt, maxTokens: 6);

        h.RunUntilIdle();

        var (tokens, text, finish) = CoreHarness.Result(handle);
        var expected = h.Mock.Continue(Prompt, 6);
        Assert.Equal(expected, tokens);
        Assert.Equal(string.Concat(expected.Select(t => (char)('!' + t))), text);
        Assert.Equal(FinishReason.Length, finish.Reason);
        Assert.Equal(new GenerationUsage(4, 6), finish.Usage);
        Assert.Null(finish.Error);
        Assert.Equal((0, 0), (h.Mock.CellsHeld, h.Core.Counters.KvCellsInUse));
        Assert.Equal((4L, 6L, 1L), (h.Core.Counters.PromptTokens, h.Core.Counters.GenerationTokens, h.Core.Counters.FinishedLength));
    }

    [Fact]
    public void Token_events_carry_the_samplers_log_probability()
    {
        var h = new CoreHarness();
        var handle = h.Submit(Prompt, maxTokens: 2);

        h.RunUntilIdle();

        var first = CoreHarness.Events(handle)[0];
        Assert.InRange(first.LogProbability, -1f, 0f);
        Assert.Null(first.TopLogProbabilities);
        Assert.False(first.IsFinal);
    }

    [Fact]
    public void Generation_stops_at_an_end_of_generation_token_which_counts_but_is_not_emitted()
    {
        var h = new CoreHarness(new MockExecutorOptions { EndOfGenerationPeriod = 4 });
        var prompt = PromptEndingWithin(h.Mock, 20);
        var expected = h.Mock.Continue(prompt, 20);
        var handle = h.Submit(prompt, maxTokens: 20);

        h.RunUntilIdle();

        var (tokens, _, finish) = CoreHarness.Result(handle);
        Assert.Equal(FinishReason.Stop, finish.Reason);
        Assert.Equal(expected.SkipLast(1), tokens);
        Assert.Equal(expected.Count, finish.Usage.CompletionTokens);
    }

    [Fact]
    public void Ignoring_end_of_generation_keeps_generating_to_the_limit()
    {
        var h = new CoreHarness(new MockExecutorOptions { EndOfGenerationPeriod = 4 });
        var prompt = PromptEndingWithin(h.Mock, 20);
        var handle = h.Submit(prompt, maxTokens: 25, configure: r => r with { IgnoreEndOfGeneration = true });

        h.RunUntilIdle();

        var (tokens, _, finish) = CoreHarness.Result(handle);
        Assert.Equal(FinishReason.Length, finish.Reason);
        Assert.Equal(25, tokens.Count);
        Assert.Contains(63, tokens);
    }

    [Fact]
    public void A_stop_string_ends_the_request_with_the_text_before_it()
    {
        var h = new CoreHarness();
        var expected = h.Mock.Continue(Prompt, 8);
        var text = string.Concat(expected.Select(t => (char)('!' + t)));
        var stop = text.Substring(4, 2);
        var handle = h.Submit(Prompt, maxTokens: 8, output: new PlainOutputProcessor(h.Mock.Vocabulary, stop));

        h.RunUntilIdle();

        var (_, output, finish) = CoreHarness.Result(handle);
        Assert.Equal(FinishReason.Stop, finish.Reason);
        Assert.Equal(text[..text.IndexOf(stop, StringComparison.Ordinal)], output);
    }

    [Fact]
    public void Max_tokens_is_capped_to_what_the_context_holds()
    {
        var h = new CoreHarness(new MockExecutorOptions { KvCapacity = 32 });

        var unbounded = h.Submit(Prompt);
        var large = h.Submit(Prompt, maxTokens: 1000);
        h.RunUntilIdle();

        Assert.Equal((28, 28), (unbounded.MaxTokens, large.MaxTokens));
        Assert.Equal(4, unbounded.PromptTokens);
        Assert.Equal(28, CoreHarness.Result(unbounded).Finish.Usage.CompletionTokens);
        Assert.Equal(28, CoreHarness.Result(large).Finish.Usage.CompletionTokens);
        Assert.True(h.Mock.PeakKvCellsInUse <= 32);
        Assert.Empty(h.Mock.Violations);
    }

    public static TheoryData<int[], int?, string> InvalidRequests() => new()
    {
        { [], 4, "prompt" },
        { [1, -1], 4, "prompt" },
        { [1, 64], 4, "prompt" },
        { [1, 2], 0, "max_tokens" },
        { [1, 2], -3, "max_tokens" },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public void Submit_refuses_an_invalid_request_with_a_400_naming_the_parameter(int[] prompt, int? maxTokens, string param)
    {
        var h = new CoreHarness();

        var error = Assert.Throws<InvalidGenerationRequestException>(() => h.Submit(prompt, maxTokens));

        Assert.Equal((400, param), (error.HttpStatus, error.Param));
        Assert.Equal(0, h.Core.Queue.Count);
    }

    [Fact]
    public void Submit_refuses_non_positive_deadlines()
    {
        var h = new CoreHarness();

        Assert.Equal("first_token_timeout", Assert.Throws<InvalidGenerationRequestException>(
            () => h.Submit(Prompt, configure: r => r with { FirstTokenTimeout = TimeSpan.Zero })).Param);
        Assert.Equal("timeout", Assert.Throws<InvalidGenerationRequestException>(
            () => h.Submit(Prompt, configure: r => r with { TotalTimeout = TimeSpan.FromSeconds(-1) })).Param);
        h.Submit(Prompt, maxTokens: 1, configure: r => r with { TotalTimeout = Timeout.InfiniteTimeSpan });
    }

    [Fact]
    public void Submit_refuses_a_prompt_that_can_never_fit_with_a_422()
    {
        var h = new CoreHarness(new MockExecutorOptions { KvCapacity = 16 });

        var error = Assert.Throws<ContextLengthExceededException>(() => h.Submit(new int[16]));

        Assert.Equal((422, 16, 16), (error.HttpStatus, error.PromptTokens, error.ContextTokens));
        Assert.Equal(15, h.Submit(new int[15]).MaxTokens == 1 ? 15 : 0);
    }

    [Fact]
    public void Submit_checks_its_arguments()
    {
        var h = new CoreHarness();
        var ok = new GenerationRequest(Prompt, 1, new GreedySampler(), new PlainOutputProcessor(h.Mock.Vocabulary));

        Assert.Throws<ArgumentNullException>(() => h.Core.Submit(null!, TestContext.Current.CancellationToken));
        Assert.Throws<ArgumentNullException>(() => h.Core.Submit(ok with { PromptTokens = null! }, TestContext.Current.CancellationToken));
        Assert.Throws<ArgumentNullException>(() => h.Core.Submit(ok with { Sampler = null! }, TestContext.Current.CancellationToken));
        Assert.Throws<ArgumentNullException>(() => h.Core.Submit(ok with { OutputProcessor = null! }, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Submit_fails_fast_when_the_parking_lot_is_full_and_counts_the_rejection()
    {
        var h = new CoreHarness(options: new EngineOptions { MaxQueuedRequests = 2 });
        h.Submit(Prompt);
        h.Submit(Prompt);

        var error = Assert.Throws<EngineOverloadedException>(() => h.Submit(Prompt));

        Assert.Equal((429, 1), (error.HttpStatus, error.RetryAfterSeconds));
        Assert.Equal(1, h.Core.Counters.Rejections);
    }

    [Fact]
    public void Requests_submitted_together_start_in_the_same_step_even_when_the_engine_reacts_to_every_wake()
    {
        var h = new CoreHarness(iterateOnWake: true);
        int[] other = [3, 1, 4];

        var handles = h.Core.SubmitAll([h.Request(Prompt, 3), h.Request(Prompt, 3), h.Request(other, 3)], TestContext.Current.CancellationToken);

        var first = Assert.Single(h.Reports);
        Assert.Equal((3, Prompt.Length * 2 + other.Length), (first.Sequences, first.PrefillTokens));
        h.RunUntilIdle();
        Assert.Equal(h.Mock.Continue(Prompt, 3), CoreHarness.Result(handles[0]).Tokens);
        Assert.Equal(h.Mock.Continue(Prompt, 3), CoreHarness.Result(handles[1]).Tokens);
        Assert.Equal(h.Mock.Continue(other, 3), CoreHarness.Result(handles[2]).Tokens);
        Assert.Equal(3, handles.Select(x => x.Id).Distinct().Count());
    }

    [Fact]
    public void A_group_with_one_invalid_request_queues_none_of_them()
    {
        var h = new CoreHarness();
        var ok = h.Request(Prompt, 2);

        var error = Assert.Throws<InvalidGenerationRequestException>(
            () => h.Core.SubmitAll([ok, ok with { MaxTokens = 0 }], TestContext.Current.CancellationToken));

        Assert.Equal("max_tokens", error.Param);
        Assert.Equal((0, 0), (h.Core.Queue.Count, h.Wakes));
        Assert.Throws<ArgumentNullException>(() => h.Core.SubmitAll(null!, TestContext.Current.CancellationToken));
        Assert.Throws<ArgumentException>(() => h.Core.SubmitAll([], TestContext.Current.CancellationToken));
    }

    [Fact]
    public void A_request_cancelled_while_queued_never_runs()
    {
        var h = new CoreHarness();
        using var cts = new CancellationTokenSource();
        var handle = h.Submit(Prompt, 5, cts.Token);

        cts.Cancel();
        var steps = h.RunUntilIdle();

        Assert.Equal(0, steps);
        var (tokens, _, finish) = CoreHarness.Result(handle);
        Assert.Empty(tokens);
        Assert.Equal((FinishReason.Cancelled, 0), (finish.Reason, finish.Usage.CompletionTokens));
        Assert.Equal(0, h.Core.Queue.Count);
    }

    [Fact]
    public void A_request_submitted_with_a_cancelled_token_ends_cancelled()
    {
        var h = new CoreHarness();

        var handle = h.Submit(Prompt, 5, new CancellationToken(canceled: true));
        h.RunUntilIdle();

        Assert.Equal(FinishReason.Cancelled, CoreHarness.Result(handle).Finish.Reason);
    }

    [Fact]
    public void A_running_request_cancelled_leaves_at_the_next_step_and_frees_its_cells()
    {
        var h = new CoreHarness();
        using var cts = new CancellationTokenSource();
        var cancelled = h.Submit(Prompt, 50, cts.Token);
        var other = h.Submit([3, 3], 8);
        h.RunOnce();
        h.RunOnce();

        cts.Cancel();
        h.RunUntilIdle();

        var (tokens, _, finish) = CoreHarness.Result(cancelled);
        Assert.Equal(FinishReason.Cancelled, finish.Reason);
        Assert.Equal(2, tokens.Count);
        Assert.Equal(h.Mock.Continue([3, 3], 8), CoreHarness.Result(other).Tokens);
        Assert.Equal(0, h.Mock.CellsHeld);
        Assert.Equal(1, h.Core.Counters.FinishedCancelled);
    }

    [Fact]
    public void A_request_that_waits_too_long_in_the_queue_fails_with_a_503()
    {
        var h = new CoreHarness(options: new EngineOptions { MaxRunningSequences = 1, StepTokenBudget = 8, QueueWaitTimeout = TimeSpan.FromSeconds(5) });
        var running = h.Submit(Prompt, 20);
        var queued = h.Submit(Prompt, 20);
        h.RunOnce();

        h.Time.Advance(TimeSpan.FromSeconds(5));
        h.RunUntilIdle();

        var finish = CoreHarness.Result(queued).Finish;
        var error = Assert.IsType<QueueTimeoutException>(finish.Error);
        Assert.Equal((FinishReason.Error, 503, 1), (finish.Reason, error.HttpStatus, error.RetryAfterSeconds));
        Assert.Equal(FinishReason.Length, CoreHarness.Result(running).Finish.Reason);
        Assert.Equal(1, h.Core.Counters.QueueTimeouts);
    }

    [Fact]
    public void The_queue_wait_deadline_stops_applying_once_a_request_starts()
    {
        var h = new CoreHarness(options: new EngineOptions { QueueWaitTimeout = TimeSpan.FromSeconds(5) });
        var handle = h.Submit(Prompt, 20);
        h.RunOnce();
        h.Active(handle).Raise(RequestSignals.QueueTimeout);

        h.Time.Advance(TimeSpan.FromSeconds(10));
        h.RunUntilIdle();

        Assert.Equal(FinishReason.Length, CoreHarness.Result(handle).Finish.Reason);
    }

    [Fact]
    public void A_request_without_a_first_token_in_time_fails_with_a_deadline_error()
    {
        var h = new CoreHarness(options: new EngineOptions { MaxRunningSequences = 1, StepTokenBudget = 8 });
        h.Submit(Prompt, 20);
        var late = h.Submit(Prompt, 20, configure: r => r with { FirstTokenTimeout = TimeSpan.FromSeconds(2) });
        h.RunOnce();

        h.Time.Advance(TimeSpan.FromSeconds(2));
        h.RunUntilIdle();

        var error = Assert.IsType<DeadlineExceededException>(CoreHarness.Result(late).Finish.Error);
        Assert.Equal(("first_token", 504), (error.Which, error.HttpStatus));
    }

    [Fact]
    public void The_first_token_deadline_stops_applying_once_a_token_arrived()
    {
        var h = new CoreHarness();
        var handle = h.Submit(Prompt, 20, configure: r => r with { FirstTokenTimeout = TimeSpan.FromSeconds(2) });
        h.RunOnce();
        h.Active(handle).Raise(RequestSignals.FirstTokenDeadline);

        h.Time.Advance(TimeSpan.FromSeconds(3));
        h.RunUntilIdle();

        Assert.Equal(FinishReason.Length, CoreHarness.Result(handle).Finish.Reason);
    }

    [Fact]
    public void A_request_past_its_total_deadline_fails_and_frees_its_cells()
    {
        var h = new CoreHarness();
        var handle = h.Submit(Prompt, 50, configure: r => r with { TotalTimeout = TimeSpan.FromSeconds(1) });
        h.RunOnce();
        h.RunOnce();

        h.Time.Advance(TimeSpan.FromSeconds(1));
        h.RunUntilIdle();

        var (tokens, _, finish) = CoreHarness.Result(handle);
        Assert.Equal("total", Assert.IsType<DeadlineExceededException>(finish.Error).Which);
        Assert.Equal(2, tokens.Count);
        Assert.Equal(0, h.Mock.CellsHeld);
    }

    [Fact]
    public void A_request_signalled_twice_is_finished_once()
    {
        var h = new CoreHarness();
        using var cts = new CancellationTokenSource();
        var handle = h.Submit(Prompt, 50, cts.Token, configure: r => r with { TotalTimeout = TimeSpan.FromSeconds(1) });
        h.RunOnce();

        cts.Cancel();
        h.Time.Advance(TimeSpan.FromSeconds(1));
        h.RunUntilIdle();

        Assert.Equal(FinishReason.Cancelled, CoreHarness.Result(handle).Finish.Reason);
        Assert.Equal(1, h.Core.Counters.FinishedCancelled + h.Core.Counters.FinishedError);
    }

    [Fact]
    public void A_step_timeout_fails_the_prefilling_request_and_replays_the_co_batched_one()
    {
        var h = new CoreHarness(options: new EngineOptions { StepTimeout = TimeSpan.FromMilliseconds(200) });
        var decoding = h.Submit(Prompt, 10);
        h.RunOnce();
        var prefilling = h.Submit(Enumerable.Range(1, 40).ToArray(), 10);
        h.Mock.Enqueue(MockAction.Delay(TimeSpan.FromSeconds(5)));

        h.RunUntilIdle();

        var timedOut = CoreHarness.Result(prefilling).Finish;
        var error = Assert.IsType<StepTimeoutException>(timedOut.Error);
        Assert.Equal((504, TimeSpan.FromMilliseconds(200)), (error.HttpStatus, error.Limit));
        Assert.Equal(h.Mock.Continue(Prompt, 10), CoreHarness.Result(decoding).Tokens);
        Assert.Equal(1, h.Core.Counters.StepTimeouts);
        Assert.Equal(0, h.Core.ConsecutiveFailures);
        Assert.Contains(h.Reports, r => r.TimedOut && r.Outcome == StepStatus.Aborted);
        Assert.Equal(0, h.Mock.CellsHeld);
        Assert.Empty(h.Mock.Violations);
    }

    [Fact]
    public void A_step_timeout_blames_only_the_largest_prefill_and_replays_short_ones_batched_with_it()
    {
        var h = new CoreHarness(options: new EngineOptions { StepTimeout = TimeSpan.FromMilliseconds(200) });
        int[] longPrompt = [.. Enumerable.Range(1, 40)];
        int[] shortPrompt = [7, 8, 9];
        var stalling = h.Submit(longPrompt, 10);
        var shortBefore = h.Submit(shortPrompt, 10);
        var sameSize = h.Submit([.. Enumerable.Range(2, 40)], 10);
        h.Mock.Enqueue(MockAction.Delay(TimeSpan.FromSeconds(5)));

        h.RunUntilIdle();

        Assert.IsType<StepTimeoutException>(CoreHarness.Result(stalling).Finish.Error);
        Assert.Equal(h.Mock.Continue(shortPrompt, 10), CoreHarness.Result(shortBefore).Tokens);
        Assert.Equal(h.Mock.Continue([.. Enumerable.Range(2, 40)], 10), CoreHarness.Result(sameSize).Tokens);
        Assert.Equal(1, h.Core.Counters.StepTimeouts);
        Assert.Equal(0, h.Mock.CellsHeld);
        Assert.Empty(h.Mock.Violations);
    }

    [Fact]
    public void A_step_timeout_with_no_prefill_fails_every_request_in_the_step()
    {
        var h = new CoreHarness(options: new EngineOptions { StepTimeout = TimeSpan.FromMilliseconds(200) });
        var a = h.Submit(Prompt, 10);
        var b = h.Submit([1], 10);
        h.RunOnce();
        h.Mock.Enqueue(MockAction.Delay(TimeSpan.FromSeconds(1)));

        h.RunUntilIdle();

        Assert.IsType<StepTimeoutException>(CoreHarness.Result(a).Finish.Error);
        Assert.IsType<StepTimeoutException>(CoreHarness.Result(b).Finish.Error);
        Assert.Equal(1, h.Core.ConsecutiveFailures);
    }

    [Fact]
    public void A_late_step_that_still_completes_is_kept()
    {
        var h = new CoreHarness(options: new EngineOptions { StepTimeout = TimeSpan.FromMilliseconds(200) });
        var handle = h.Submit(Prompt, 3);
        h.Mock.Enqueue(MockAction.DelayIgnoringAbort(TimeSpan.FromSeconds(1)));

        h.RunUntilIdle();

        Assert.Equal(h.Mock.Continue(Prompt, 3), CoreHarness.Result(handle).Tokens);
        Assert.True(h.Reports[0].TimedOut);
        Assert.Equal(StepStatus.Ok, h.Reports[0].Outcome);
        Assert.Equal(0, h.Core.Counters.StepTimeouts);
    }

    [Fact]
    public void A_device_error_fails_the_requests_in_the_step_and_repeated_errors_mark_the_engine_unhealthy()
    {
        var h = new CoreHarness(options: new EngineOptions { UnhealthyAfterFailures = 2 });
        var first = h.Submit(Prompt, 5);
        h.Mock.Enqueue(MockAction.DeviceError);
        h.RunUntilIdle();
        Assert.True(h.Core.IsHealthy);

        var second = h.Submit(Prompt, 5);
        h.Mock.Enqueue(MockAction.Throw);
        h.RunUntilIdle();
        Assert.False(h.Core.IsHealthy);

        var third = h.Submit(Prompt, 5);
        h.RunUntilIdle();

        Assert.Contains("Failed", Assert.IsType<EngineFaultException>(CoreHarness.Result(first).Finish.Error).Message, StringComparison.Ordinal);
        Assert.Contains("scripted", CoreHarness.Result(second).Finish.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(FinishReason.Length, CoreHarness.Result(third).Finish.Reason);
        Assert.True(h.Core.IsHealthy);
        Assert.Equal(2, h.Core.Counters.StepFailures);
        Assert.Equal(0, h.Mock.CellsHeld);
    }

    [Fact]
    public void An_abort_nobody_asked_for_is_a_device_failure()
    {
        var h = new CoreHarness();
        var handle = h.Submit(Prompt, 5);
        h.Mock.Script = step =>
        {
            h.Mock.RequestAbort();
            h.Mock.Script = null;
            return MockAction.Normal;
        };

        h.RunUntilIdle();

        Assert.IsType<EngineFaultException>(CoreHarness.Result(handle).Finish.Error);
    }

    [Fact]
    public void Device_kv_exhaustion_preempts_the_newest_request_which_is_recomputed()
    {
        var h = new CoreHarness();
        var a = h.Submit(Prompt, 12);
        var b = h.Submit([8, 8, 8], 12);
        h.RunOnce();
        h.RunOnce();
        h.Mock.Enqueue(MockAction.KvExhausted);

        h.RunUntilIdle();

        Assert.Equal(h.Mock.Continue(Prompt, 12), CoreHarness.Result(a).Tokens);
        Assert.Equal(h.Mock.Continue([8, 8, 8], 12), CoreHarness.Result(b).Tokens);
        Assert.Equal(1, h.Core.Counters.Preemptions);
        Assert.Equal(7, h.Core.Counters.PromptTokens);
        Assert.Empty(h.Mock.Violations);
    }

    [Fact]
    public void Device_kv_exhaustion_with_one_request_fails_it_with_a_retryable_error()
    {
        var h = new CoreHarness();
        var handle = h.Submit(Prompt, 5);
        h.Mock.Enqueue(MockAction.KvExhausted);

        h.RunUntilIdle();

        var error = Assert.IsType<KvCacheExhaustedException>(CoreHarness.Result(handle).Finish.Error);
        Assert.Equal(503, error.HttpStatus);
    }

    [Fact]
    public void Requests_beyond_the_kv_capacity_are_preempted_and_recomputed_with_identical_output()
    {
        var h = new CoreHarness(new MockExecutorOptions { KvCapacity = 48 }, new EngineOptions { PrefillChunk = 8 });
        var prompts = Enumerable.Range(0, 6).Select(i => Enumerable.Range(i, 6 + i).ToArray()).ToArray();
        var handles = prompts.Select(p => h.Submit(p, 14)).ToArray();

        h.RunUntilIdle();

        for (var i = 0; i < prompts.Length; i++)
        {
            Assert.Equal(h.Mock.Continue(prompts[i], 14), CoreHarness.Result(handles[i]).Tokens);
        }

        Assert.True(h.Core.Counters.Preemptions > 0);
        Assert.True(h.Mock.PeakKvCellsInUse <= 48);
        Assert.Equal(prompts.Sum(p => p.Length), h.Core.Counters.PromptTokens);
        Assert.Empty(h.Mock.Violations);
        Assert.Equal(0, h.Mock.CellsHeld);
    }

    [Fact]
    public void The_engine_keeps_to_the_executors_slots_and_batch_size()
    {
        var h = new CoreHarness(new MockExecutorOptions { MaxSequences = 2, MaxBatchTokens = 6 }, new EngineOptions { MaxRunningSequences = 8, StepTokenBudget = 64, PrefillChunk = 64 });
        var handles = Enumerable.Range(0, 5).Select(i => h.Submit([i, i, i, i, i, i, i, i, i], 4)).ToArray();

        h.RunUntilIdle();

        Assert.All(handles, x => Assert.Equal(FinishReason.Length, CoreHarness.Result(x).Finish.Reason));
        Assert.All(h.Mock.Steps, s => Assert.True(s.Tokens <= 6 && s.Sequences <= 2));
        Assert.Empty(h.Mock.Violations);
    }

    [Fact]
    public void A_throwing_sampler_fails_only_its_own_request()
    {
        var h = new CoreHarness();
        var broken = h.Submit(Prompt, 5, sampler: new ThrowingSampler(new InvalidOperationException("bad sampler")));
        var typed = h.Submit(Prompt, 5, sampler: new ThrowingSampler(new InvalidGenerationRequestException("bad top_p", "top_p")));
        var fine = h.Submit(Prompt, 5);

        h.RunUntilIdle();

        var fault = Assert.IsType<EngineFaultException>(CoreHarness.Result(broken).Finish.Error);
        Assert.IsType<InvalidOperationException>(fault.InnerException);
        Assert.Equal("top_p", CoreHarness.Result(typed).Finish.Error!.Param);
        Assert.Equal(FinishReason.Length, CoreHarness.Result(fine).Finish.Reason);
        Assert.Equal(0, h.Mock.CellsHeld);
    }

    [Fact]
    public void A_sampler_choosing_a_token_outside_the_vocabulary_fails_its_request()
    {
        var h = new CoreHarness();
        var handle = h.Submit(Prompt, 5, sampler: new FixedSampler(64));

        h.RunUntilIdle();

        Assert.Contains("outside the vocabulary", CoreHarness.Result(handle).Finish.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failing_flush_ends_the_request_with_an_error()
    {
        var h = new CoreHarness();
        var broken = h.Submit(Prompt, 2, output: new FailingFlushProcessor(new InvalidOperationException("flush")));
        var typed = h.Submit(Prompt, 2, output: new FailingFlushProcessor(new EngineFaultException("typed flush")));

        h.RunUntilIdle();

        Assert.IsType<InvalidOperationException>(CoreHarness.Result(broken).Finish.Error!.InnerException);
        Assert.Equal("typed flush", CoreHarness.Result(typed).Finish.Error!.Message);
    }

    [Fact]
    public void A_consumer_that_falls_behind_ends_its_request_instead_of_stalling_the_engine()
    {
        var h = new CoreHarness(options: new EngineOptions { MaxBufferedEvents = 3 });
        var slow = h.Submit(Prompt, 10);
        var reader = h.Submit(Prompt, 10);

        while (h.RunOnce())
        {
            while (reader.Events.TryRead(out var item))
            {
                Assert.NotEqual(FinishReason.Error, item.Finish?.Reason);
            }
        }

        var (tokens, _, finish) = CoreHarness.Result(slow);
        Assert.IsType<SlowConsumerException>(finish.Error);
        Assert.Equal(4, tokens.Count);
    }

    [Fact]
    public void A_throwing_step_observer_is_ignored()
    {
        var h = new CoreHarness();
        var core = new EngineCore(h.Mock, h.Options with { StepObserver = _ => throw new InvalidOperationException("observer") }, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, () => { });
        var handle = core.Submit(new GenerationRequest(Prompt, 3, new GreedySampler(), new PlainOutputProcessor(h.Mock.Vocabulary)), TestContext.Current.CancellationToken);

        while (core.RunIteration())
        {
        }

        Assert.Equal(h.Mock.Continue(Prompt, 3), CoreHarness.Result(handle).Tokens);
    }

    [Fact]
    public void Steps_are_reported_with_their_prefill_and_decode_tokens()
    {
        var h = new CoreHarness();
        h.Submit(Prompt, 3);
        h.Submit([1, 2], 3);

        h.RunUntilIdle();

        Assert.Equal((2, 6, 0), (h.Reports[0].Sequences, h.Reports[0].PrefillTokens, h.Reports[0].DecodeTokens));
        Assert.Equal((2, 0, 2, 2), (h.Reports[1].Sequences, h.Reports[1].PrefillTokens, h.Reports[1].DecodeTokens, h.Reports[1].Tokens));
        Assert.Equal([1L, 2L, 3L], h.Reports.Select(r => r.Step));
        Assert.Equal(3, h.Core.Counters.Steps);
    }

    [Fact]
    public void A_device_call_failing_outside_a_step_ends_the_touched_requests_and_the_engine_goes_on()
    {
        var h = new CoreHarness();
        var a = h.Submit(Prompt, 1);
        var b = h.Submit(Prompt, 3);
        h.Mock.FailRemovals(2);
        h.Mock.FailKvQueries(1);

        h.RunUntilIdle();
        var next = h.Submit(Prompt, 3);
        h.RunUntilIdle();

        Assert.Equal(FinishReason.Length, CoreHarness.Result(a).Finish.Reason);
        Assert.IsType<EngineFaultException>(CoreHarness.Result(b).Finish.Error);
        Assert.Equal(h.Mock.Continue(Prompt, 3), CoreHarness.Result(next).Tokens);
        Assert.Equal(0, h.Mock.CellsHeld);
        Assert.Equal(1, h.Core.Counters.StepFailures);
    }

    [Fact]
    public void A_slot_whose_cells_could_not_be_removed_heals_after_one_failed_step()
    {
        var h = new CoreHarness();
        var a = h.Submit(Prompt, 1);
        h.Submit(Prompt, 3);
        h.Mock.FailRemovals(3);
        h.RunUntilIdle();
        Assert.True(h.Mock.CellsHeld > 0);

        var both = new[] { h.Submit(Prompt, 3), h.Submit(Prompt, 3) };
        h.RunUntilIdle();
        var last = h.Submit(Prompt, 3);
        h.RunUntilIdle();

        Assert.Equal(FinishReason.Length, CoreHarness.Result(a).Finish.Reason);
        Assert.All(both, x => Assert.IsType<EngineFaultException>(CoreHarness.Result(x).Finish.Error));
        Assert.Equal(FinishReason.Length, CoreHarness.Result(last).Finish.Reason);
        Assert.Equal(0, h.Mock.CellsHeld);
    }

    [Fact]
    public void A_fault_outside_any_step_ends_no_request()
    {
        var h = new CoreHarness();
        var handle = h.Submit(Prompt, 3);
        h.Mock.FailKvQueries(1);

        h.RunUntilIdle();

        Assert.Equal(FinishReason.Length, CoreHarness.Result(handle).Finish.Reason);
    }

    [Fact]
    public void An_expired_drain_ends_queued_waiting_and_running_requests_with_a_shutdown_error()
    {
        var h = new CoreHarness(options: new EngineOptions { MaxRunningSequences = 2, StepTokenBudget = 16 });
        var a = h.Submit(Prompt, 30);
        var b = h.Submit(Prompt, 30);
        var queued = h.Submit(Prompt, 30);
        h.RunOnce();
        h.Mock.Enqueue(MockAction.KvExhausted);
        h.RunOnce();
        Assert.Equal(1, h.Core.Scheduler.WaitingCount);

        h.Core.CloseAdmission("closing");
        h.Core.ExpireDrain();
        h.RunUntilIdle();

        foreach (var handle in new[] { a, b, queued })
        {
            var error = Assert.IsType<EngineShutdownException>(CoreHarness.Result(handle).Finish.Error);
            Assert.Equal(503, error.HttpStatus);
        }

        Assert.Equal("closing", Assert.Throws<EngineShutdownException>(() => h.Submit(Prompt)).Message);
        Assert.True(h.Core.IsEmpty);
        Assert.Equal(0, h.Mock.CellsHeld);
    }

    [Fact]
    public void Only_one_thread_touches_the_executor()
    {
        var h = new CoreHarness();
        h.Submit(Prompt, 3);

        h.RunUntilIdle();

        Assert.Equal([Environment.CurrentManagedThreadId], h.Mock.CallingThreads);
    }

    private static int[] PromptEndingWithin(MockExecutor mock, int tokens)
    {
        for (var p = 0; ; p++)
        {
            int[] prompt = [p % 60, (p / 60) % 60, 1];
            var output = mock.Continue(prompt, tokens);
            if (output[^1] == 63 && output.Count >= 3)
            {
                return prompt;
            }
        }
    }

    private sealed class ThrowingSampler(Exception error) : ISequenceSampler
    {
        public SampledToken Sample(Span<float> logits) => throw error;
    }

    private sealed class FixedSampler(int token) : ISequenceSampler
    {
        public SampledToken Sample(Span<float> logits) => new(token, 0f);
    }

    private sealed class FailingFlushProcessor(Exception error) : IOutputProcessor
    {
        public OutputStep Append(int tokenId) => new("x", false);

        public string Flush() => throw error;
    }
}

using System.Diagnostics;
using Wick.Reliability.Tests.Infrastructure;
using Wick.TestSupport;

namespace Wick.Reliability.Tests;

/// <summary>
/// Faults injected through the mock executor (and the server's own stages) while clients talk real HTTP. For each: the
/// server stays up, the requests the fault touches end with a clear OpenAI-shaped error, the others answer exactly what
/// the model computes, the engine returns to zero running/waiting/KV, and /metrics counts the fault.
/// </summary>
public sealed class FaultInjectionTests
{
    /// <summary>41 bytes: no other prompt here prefills 41 tokens in one step, so a script can pick this one out.</summary>
    private const string Poison = "POISON:0123456789012345678901234567890123";

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private static MockExecutorOptions Device(TimeSpan? latency = null, int kvCapacity = 4096) => new()
    {
        MaxSequences = 8,
        KvCapacity = kvCapacity,
        MaxBatchTokens = 512,
        StepLatency = latency ?? TimeSpan.FromMilliseconds(2),
        HangLimit = TimeSpan.FromSeconds(20),
    };

    [Theory(Timeout = 60_000)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Step_timeout_fails_the_stalled_prefill_alone_and_co_batched_requests_finish_correctly(bool stream)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await MockHttpServer.StartAsync(ct, Device(), e => e with { StepTimeout = TimeSpan.FromMilliseconds(250) });
        var ledger = await FaultLedger.OpenAsync(server.Client, ct);
        var others = Traffic.Plan(server, 6, 150);
        var running = await Traffic.StartAndAwaitFirstTokensAsync(server, others, Bound, ct);

        server.Mock.Script = Once(step => HasPrefillOf(step, Poison.Length), MockAction.Hang);
        var poisoned = await new PlannedCall(Poison, 8, stream, string.Empty).SendAsync(server.Client, ct);
        var outcomes = await Task.WhenAll(running);

        Assert.True(poisoned.EndedWithClearError, poisoned.ToString());
        Assert.Equal("step_timeout", poisoned.ErrorCode);
        Assert.Equal(stream ? 200 : 504, poisoned.Status);
        AssertAllAnswered(others, outcomes);
        var recovery = await AssertServesAndIdlesAsync(server, ct);
        await ledger.CloseAsync(server.Client, ct);
        Assert.Equal(1, ledger.Delta("wick_step_timeouts_total"));
        Assert.Equal(1, ledger.Delta("wick_requests_failed_total"));
        Assert.Equal(stream ? 0 : 1, ledger.ResponsesDelta(504));
        Assert.Empty(server.Mock.Violations);
        Record($"step_timeout.{(stream ? "stream" : "json")}", others.Length, outcomes.Count(o => o.Completed), poisoned, ledger, recovery);
    }

    [Theory(Timeout = 60_000)]
    [InlineData(MockActionKind.DeviceError)]
    [InlineData(MockActionKind.Throw)]
    public async Task Failed_device_step_ends_its_requests_with_engine_fault_and_later_requests_complete(MockActionKind fault)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await MockHttpServer.StartAsync(ct, Device());
        var ledger = await FaultLedger.OpenAsync(server.Client, ct);
        var others = Traffic.Plan(server, 6, 150);
        var running = await Traffic.StartAndAwaitFirstTokensAsync(server, others, Bound, ct);

        server.Mock.Script = Once(step => HasPrefillOf(step, Poison.Length), new MockAction(fault));
        var poisoned = await new PlannedCall(Poison, 8, Stream: false, string.Empty).SendAsync(server.Client, ct);
        var outcomes = await Task.WhenAll(running);

        // The whole step failed: the co-batched streams end with the same clear error, or finished before it.
        Assert.Equal((500, "engine_fault"), (poisoned.Status, poisoned.ErrorCode));
        Assert.True(poisoned.EndedWithClearError, poisoned.ToString());
        AssertAnsweredOrFailedWith(others, outcomes, "engine_fault");
        var recovery = await AssertServesAndIdlesAsync(server, ct);
        await ledger.CloseAsync(server.Client, ct);
        Assert.Equal(1, ledger.Delta("wick_step_failures_total"));
        Assert.Equal(1 + outcomes.Count(o => o.ErrorCode == "engine_fault"), ledger.Delta("wick_requests_failed_total"));
        Assert.True(ledger.ResponsesDelta(500) >= 1);
        Record($"device_step.{fault}", others.Length, outcomes.Count(o => o.Completed), poisoned, ledger, recovery);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("remove_cells")]
    [InlineData("kv_gauge")]
    public async Task Exception_outside_decode_is_recovered_and_no_kv_cell_leaks(string stage)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await MockHttpServer.StartAsync(ct, Device());
        var ledger = await FaultLedger.OpenAsync(server.Client, ct);
        var calls = Traffic.Plan(server, 6, 100);
        var running = await Traffic.StartAndAwaitFirstTokensAsync(server, calls, Bound, ct);

        if (stage == "remove_cells")
        {
            server.Mock.FailRemovals(1); // the next request to finish cannot free its cells
        }
        else
        {
            server.Mock.FailKvQueries(1); // the next gauge update cannot read the device
        }

        var outcomes = await Task.WhenAll(running);

        AssertAnsweredOrFailedWith(calls, outcomes, "engine_fault");
        var recovery = await AssertServesAndIdlesAsync(server, ct);
        Assert.Equal(0, server.Mock.CellsHeld);
        await ledger.CloseAsync(server.Client, ct);
        Assert.Equal(1, ledger.Delta("wick_step_failures_total"));
        Record($"stage_exception.{stage}", calls.Length, outcomes.Count(o => o.Completed), null, ledger, recovery);
    }

    [Fact(Timeout = 60_000)]
    public async Task Tokenizer_fault_answers_500_in_openai_shape_and_spares_other_requests()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await MockHttpServer.StartAsync(ct, Device());
        server.Tokenizer.FailWhen = text => text.StartsWith("POISON", StringComparison.Ordinal);
        var ledger = await FaultLedger.OpenAsync(server.Client, ct);
        var others = Traffic.Plan(server, 6, 60);
        var running = await Traffic.StartAndAwaitFirstTokensAsync(server, others, Bound, ct);

        var poisoned = await new PlannedCall(Poison, 8, Stream: true, string.Empty).SendAsync(server.Client, ct);
        var outcomes = await Task.WhenAll(running);

        Assert.Equal((500, "internal_error"), (poisoned.Status, poisoned.ErrorCode));
        Assert.True(poisoned.EndedWithClearError, poisoned.ToString());
        AssertAllAnswered(others, outcomes);
        var recovery = await AssertServesAndIdlesAsync(server, ct);
        await ledger.CloseAsync(server.Client, ct);
        Assert.Equal(1, ledger.ResponsesDelta(500));
        Record("stage_exception.tokenizer", others.Length, outcomes.Count(o => o.Completed), poisoned, ledger, recovery);
    }

    [Fact(Timeout = 60_000)]
    public async Task Sampling_fault_ends_that_request_alone_with_a_clear_error()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await MockHttpServer.StartAsync(ct, Device());
        var ledger = await FaultLedger.OpenAsync(server.Client, ct);
        var others = Traffic.Plan(server, 6, 60);
        var running = await Traffic.StartAndAwaitFirstTokensAsync(server, others, Bound, ct);

        // Every token but end-of-generation banned by logit_bias, and end-of-generation masked by ignore_eos: validation
        // cannot see it (some token stays allowed), but the sampler has nothing to draw from on the first step.
        var vocabulary = server.Engine.Vocabulary;
        var banAll = Enumerable.Range(0, vocabulary.Size).Where(t => !vocabulary.IsEndOfGeneration(t))
            .ToDictionary(t => t.ToString(System.Globalization.CultureInfo.InvariantCulture), _ => -100);
        var poisoned = await Api.PostAsync(server.Client, "v1/chat/completions", Api.Json(new
        {
            messages = new[] { new { role = "user", content = "x" } },
            max_tokens = 4,
            stream = true,
            ignore_eos = true,
            logit_bias = banAll,
        }), ct);
        var outcomes = await Task.WhenAll(running);

        Assert.True(poisoned.EndedWithClearError, poisoned.ToString());
        Assert.Equal("sampling_failed", poisoned.ErrorCode);
        AssertAllAnswered(others, outcomes);
        var recovery = await AssertServesAndIdlesAsync(server, ct);
        await ledger.CloseAsync(server.Client, ct);
        Assert.Equal(1, ledger.Delta("wick_requests_failed_total"));
        Record("stage_exception.sampler", others.Length, outcomes.Count(o => o.Completed), poisoned, ledger, recovery);
    }

    [Fact(Timeout = 60_000)]
    public async Task Device_kv_exhaustion_preempts_the_newest_and_every_request_still_answers_correctly()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await MockHttpServer.StartAsync(ct, Device());
        var ledger = await FaultLedger.OpenAsync(server.Client, ct);
        var calls = Traffic.Plan(server, 6, 80);
        var running = await Traffic.StartAndAwaitFirstTokensAsync(server, calls, Bound, ct);

        server.Mock.Script = Once(step => step.Sequences >= 4, MockAction.KvExhausted);
        var outcomes = await Task.WhenAll(running);

        AssertAllAnswered(calls, outcomes);
        var recovery = await AssertServesAndIdlesAsync(server, ct);
        await ledger.CloseAsync(server.Client, ct);
        Assert.Equal(1, ledger.Delta("vllm:num_preemptions_total"));
        Assert.Equal(0, ledger.Delta("wick_requests_failed_total"));
        Record("kv_exhaustion.device_preempts", calls.Length, outcomes.Count(o => o.Completed), null, ledger, recovery);
    }

    [Fact(Timeout = 60_000)]
    public async Task Kv_ledger_exhaustion_under_load_preempts_and_recomputes_without_losing_a_token()
    {
        var ct = TestContext.Current.CancellationToken;

        // 8 requests of ~4 prompt + 60 output tokens need ~510 cells; the device holds 160.
        await using var server = await MockHttpServer.StartAsync(ct, Device(TimeSpan.Zero, kvCapacity: 160));
        var ledger = await FaultLedger.OpenAsync(server.Client, ct);
        var calls = Traffic.Plan(server, 8, 60);

        // The first step holds until all 8 are in the engine (in that step or queued behind it), so they run together
        // whatever the machine's thread timing. The gauges move only at step boundaries: count the held step's sequences.
        using var gate = new ManualResetEventSlim(false);
        MockStep? held = null;
        server.Mock.Script = step => Interlocked.CompareExchange(ref held, step, null) is null ? MockAction.WaitFor(gate) : null;
        var sent = calls.Select(c => c.SendAsync(server.Client, ct)).ToArray();
        await Wait.UntilAsync(
            () => Volatile.Read(ref held) is { } step && step.Sequences + server.Engine.GetMetrics().QueuedRequests == calls.Length,
            Bound,
            "every request in the held step or queued behind it",
            ct);
        gate.Set();
        var outcomes = await Task.WhenAll(sent);

        AssertAllAnswered(calls, outcomes);
        var recovery = await AssertServesAndIdlesAsync(server, ct);
        await ledger.CloseAsync(server.Client, ct);
        Assert.True(ledger.Delta("vllm:num_preemptions_total") >= 1, "the small KV cache should have forced preemptions");
        Assert.True(server.Mock.PeakKvCellsInUse <= 160);
        Assert.Empty(server.Mock.Violations);
        Record("kv_exhaustion.ledger_preempts", calls.Length, outcomes.Count(o => o.Completed), null, ledger, recovery);
    }

    [Fact(Timeout = 60_000)]
    public async Task Kv_exhaustion_of_a_lone_request_answers_503_with_retry_after()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await MockHttpServer.StartAsync(ct, Device());
        var ledger = await FaultLedger.OpenAsync(server.Client, ct);

        server.Mock.Script = Once(step => HasPrefillOf(step, Poison.Length), MockAction.KvExhausted);
        var lone = await new PlannedCall(Poison, 8, Stream: false, string.Empty).SendAsync(server.Client, ct);

        Assert.Equal((503, "kv_cache_exhausted"), (lone.Status, lone.ErrorCode));
        Assert.True(lone.EndedWithClearError, lone.ToString());
        Assert.True(int.TryParse(lone.RetryAfter, out var seconds) && seconds >= 1, $"Retry-After: '{lone.RetryAfter}'");
        var recovery = await AssertServesAndIdlesAsync(server, ct);
        await ledger.CloseAsync(server.Client, ct);
        Assert.Equal(1, ledger.Delta("wick_requests_failed_total"));
        Assert.Equal(1, ledger.ResponsesDelta(503));
        Record("kv_exhaustion.lone_request", 0, 0, lone, ledger, recovery);
    }

    [Fact(Timeout = 180_000)]
    public async Task Consumer_that_stops_reading_is_ended_by_the_engine_which_never_waits_for_it()
    {
        var ct = TestContext.Current.CancellationToken;
        const int Buffer = 4096;
        const int Requested = 200_000;
        await using var server = await MockHttpServer.StartAsync(
            ct,
            Device(TimeSpan.Zero, kvCapacity: Requested + 100),
            e => e with { MaxBufferedEvents = Buffer });
        var ledger = await FaultLedger.OpenAsync(server.Client, ct);

        // A raw socket that sends a streaming request for 200,000 tokens and then reads nothing.
        using var stalled = await StalledStream.OpenAsync(server.BaseAddress, "v1/completions", Api.Json(Api.Completion("slow", Requested, stream: true)), ct);
        // How many tokens the socket buffers absorb before the buffer fills depends on the kernel, and how fast the mock
        // makes them on the machine's load (and coverage): wait while the engine makes progress, fail if it stalls.
        var waited = await Wait.WhileProgressingAsync(
            () => server.Engine.GetMetrics().FinishedError >= 1,
            () => server.Engine.GetMetrics().GenerationTokens,
            Bound,
            "the engine to end the unread stream",
            ct);

        // The engine moved on while the client still had not read a byte: KV freed, other clients served.
        var generated = server.Engine.GetMetrics().GenerationTokens;
        Assert.InRange(generated, Buffer, Requested - 1);
        var recovery = await AssertServesAndIdlesAsync(server, ct);

        // When the client reads again it gets what was buffered, then a clear error event and [DONE].
        var rest = await stalled.ReadToEndOfResponseAsync(Bound, ct);
        Assert.Contains("\"code\":\"slow_consumer\"", rest, StringComparison.Ordinal);
        Assert.EndsWith("data: [DONE]", rest.TrimEnd(), StringComparison.Ordinal);
        await ledger.CloseAsync(server.Client, ct);
        Assert.Equal(1, ledger.Delta("wick_requests_failed_total"));
        ResultsFile.Record("fault.slow_consumer", new
        {
            max_buffered_events = Buffer,
            requested_tokens = Requested,
            generated_before_cut = generated,
            ms_until_ended = Stats.Round(waited.TotalMilliseconds),
            recovery,
            metrics = ledger.Moved(),
        });
    }

    [Fact(Timeout = 60_000)]
    public async Task Client_disconnect_while_queued_frees_its_place_at_once()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await MockHttpServer.StartAsync(ct, Device() with { MaxSequences = 1 });
        var ledger = await FaultLedger.OpenAsync(server.Client, ct);
        var occupier = Traffic.Plan(server, 1, 400, "busy");
        var running = await Traffic.StartAndAwaitFirstTokensAsync(server, occupier, Bound, ct);

        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var queued = Traffic.Plan(server, 10, 8, "q").Select(c => c.SendAsync(server.Client, giveUp.Token)).ToArray();
        await Wait.UntilAsync(() => server.Engine.GetMetrics().QueuedRequests == 10, Bound, "10 queued requests", ct);
        await giveUp.CancelAsync();
        var clock = Stopwatch.StartNew();
        await Wait.UntilAsync(() => server.Engine.GetMetrics().QueuedRequests == 0, Bound, "the queue to empty", ct);
        var emptied = clock.Elapsed;

        Assert.False(running[0].IsCompleted, "the queue should have emptied while the occupier still ran");
        Assert.All(await Task.WhenAll(queued), o => Assert.True(o.ClientCancelled, o.ToString()));
        AssertAllAnswered(occupier, [await running[0]]);
        var recovery = await AssertServesAndIdlesAsync(server, ct);
        await ledger.CloseAsync(server.Client, ct);
        Assert.Equal(10, ledger.Delta("wick_requests_cancelled_total"));
        ResultsFile.Record("fault.disconnect_queued", new
        {
            queued = 10,
            ms_until_queue_empty = Stats.Round(emptied.TotalMilliseconds),
            recovery,
            metrics = ledger.Moved(),
        });
    }

    [Fact(Timeout = 60_000)]
    public async Task Client_disconnect_during_prefill_aborts_the_step_and_spares_co_batched_requests()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await MockHttpServer.StartAsync(ct, Device(), e => e with { StepTimeout = Timeout.InfiniteTimeSpan });
        var ledger = await FaultLedger.OpenAsync(server.Client, ct);
        var others = Traffic.Plan(server, 4, 150);
        var running = await Traffic.StartAndAwaitFirstTokensAsync(server, others, Bound, ct);

        // The poisoned prefill hangs with no watchdog: only its client's disconnect can end it.
        server.Mock.Script = Once(step => HasPrefillOf(step, Poison.Length), MockAction.Hang);
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var poisoned = new PlannedCall(Poison, 8, Stream: true, string.Empty).SendAsync(server.Client, giveUp.Token);
        Assert.True(await server.Mock.HangStarted.WaitAsync(Bound, ct), "the poisoned prefill never started");
        await giveUp.CancelAsync();
        var clock = Stopwatch.StartNew();
        var outcomes = await Task.WhenAll(running);
        var othersDone = clock.Elapsed;

        Assert.True((await poisoned).ClientCancelled);
        AssertAllAnswered(others, outcomes);
        var recovery = await AssertServesAndIdlesAsync(server, ct);
        await ledger.CloseAsync(server.Client, ct);
        Assert.Equal(1, ledger.Delta("wick_step_aborts_total"));
        Assert.Equal(1, ledger.Delta("wick_requests_cancelled_total"));
        Assert.Equal(0, ledger.Delta("wick_requests_failed_total"));
        ResultsFile.Record("fault.disconnect_prefill", new
        {
            co_batched = others.Length,
            co_batched_correct = outcomes.Count(o => o.Completed),
            ms_until_co_batched_done = Stats.Round(othersDone.TotalMilliseconds),
            recovery,
            metrics = ledger.Moved(),
        });
    }

    [Fact(Timeout = 60_000)]
    public async Task Client_disconnect_during_decode_frees_its_kv_while_others_finish()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await MockHttpServer.StartAsync(ct, Device());
        var ledger = await FaultLedger.OpenAsync(server.Client, ct);
        var others = Traffic.Plan(server, 3, 100);
        var running = await Traffic.StartAndAwaitFirstTokensAsync(server, others, Bound, ct);

        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var tokens = 0;
        var leaving = Api.PostAsync(server.Client, "v1/completions", Api.Json(Api.Completion("leaving", 3000, stream: true)), giveUp.Token, () => Interlocked.Increment(ref tokens));
        await Wait.UntilAsync(() => Volatile.Read(ref tokens) > 0, Bound, "the leaving stream's first token", ct);
        var cancelledBefore = server.Engine.GetMetrics().FinishedCancelled;
        await giveUp.CancelAsync();
        var dropped = await Wait.UntilAsync(() => server.Engine.GetMetrics().FinishedCancelled > cancelledBefore, Bound, "the engine to drop the stream", ct);
        var outcomes = await Task.WhenAll(running);

        Assert.True((await leaving).ClientCancelled);
        AssertAllAnswered(others, outcomes);
        var recovery = await AssertServesAndIdlesAsync(server, ct);
        Assert.True(server.Engine.GetMetrics().GenerationTokens < 3000 + (others.Length * 100) + 100, "the abandoned stream ran to its end");
        await ledger.CloseAsync(server.Client, ct);
        Assert.Equal(1, ledger.Delta("wick_requests_cancelled_total"));
        Assert.Equal(0, ledger.Delta("wick_requests_failed_total"));
        ResultsFile.Record("fault.disconnect_decode", new
        {
            ms_until_engine_dropped_it = Stats.Round(dropped.TotalMilliseconds),
            recovery,
            metrics = ledger.Moved(),
        });
    }

    /// <summary>True when a slot prefills exactly <paramref name="rows"/> tokens in this step.</summary>
    private static bool HasPrefillOf(MockStep step, int rows) => step.RowsPerSlot.Values.Contains(rows);

    /// <summary>A script that applies <paramref name="action"/> to the first step matching <paramref name="when"/>, once.</summary>
    private static Func<MockStep, MockAction?> Once(Func<MockStep, bool> when, MockAction action)
    {
        var fired = 0;
        return step => when(step) && Interlocked.Exchange(ref fired, 1) == 0 ? action : null;
    }

    private static void AssertAllAnswered(IReadOnlyList<PlannedCall> calls, IReadOnlyList<CallOutcome> outcomes)
    {
        for (var i = 0; i < calls.Count; i++)
        {
            Assert.True(calls[i].IsAnsweredBy(outcomes[i]), $"'{calls[i].Prompt}' expected '{calls[i].Expected}', got {outcomes[i]}");
        }
    }

    private static void AssertAnsweredOrFailedWith(IReadOnlyList<PlannedCall> calls, IReadOnlyList<CallOutcome> outcomes, string code)
    {
        for (var i = 0; i < calls.Count; i++)
        {
            var outcome = outcomes[i];
            var fine = calls[i].IsAnsweredBy(outcome) || (outcome.EndedWithClearError && outcome.ErrorCode == code);
            Assert.True(fine, $"'{calls[i].Prompt}' neither answered '{calls[i].Expected}' nor failed with {code}: {outcome}");
        }
    }

    /// <summary>After a fault: fresh requests answer correctly and the engine returns to zero. Returns the figures.</summary>
    private static async Task<object> AssertServesAndIdlesAsync(MockHttpServer server, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var fresh = Traffic.Plan(server, 4, 12, "after");
        AssertAllAnswered(fresh, await Task.WhenAll(fresh.Select(c => c.SendAsync(server.Client, ct))));
        var freshMs = clock.Elapsed.TotalMilliseconds;
        await Idle.AssertReturnsToIdleAsync(server.Engine, server.Client, Bound, ct);
        Assert.Equal(0, server.Mock.CellsHeld);
        return new { fresh_requests_ms = Stats.Round(freshMs) };
    }

    private static void Record(string name, int others, int othersCorrect, CallOutcome? faulted, FaultLedger ledger, object recovery) =>
        ResultsFile.Record("fault." + name, new
        {
            other_requests = others,
            other_requests_correct = othersCorrect,
            faulted_status = faulted?.Status,
            faulted_error = faulted?.ErrorCode,
            recovery,
            metrics = ledger.Moved(),
        });
}

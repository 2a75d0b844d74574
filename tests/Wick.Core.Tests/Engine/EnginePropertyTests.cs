using System.Collections.Concurrent;
using CsCheck;
using Wick.Core.Errors;
using Wick.Core.Execution;
using Wick.TestSupport;

namespace Wick.Core.Tests.Engine;

/// <summary>
/// Random arrival, cancellation, deadline and fault schedules against the mock executor. Properties: every request
/// ends exactly once; KV use never exceeds capacity and returns to zero; steps stay within the token budget; requests
/// start in arrival order; the engine loop never throws; and whatever a request emits is what greedy decoding of its
/// prompt alone gives (preemption, rollback and faults never change a token).
/// </summary>
public sealed class EnginePropertyTests
{
    private static readonly Gen<(int MaxSequences, int MaxRunning, int BudgetExtra, int Chunk, int Kv, int MaxQueued, int EosPeriod, int BatchTokens)> Configs =
        Gen.Select(Gen.Int[1, 8], Gen.Int[1, 8], Gen.Int[0, 40], Gen.Int[1, 32], Gen.Int[16, 200], Gen.Int[1, 12], Gen.Int[0, 8], Gen.Int[8, 80])
            .Select(t => (t.Item1, t.Item2, t.Item3, t.Item4, t.Item5, t.Item6, t.Item7, t.Item8));

    private static readonly Gen<(int Kind, int A, int B)[]> Schedules =
        Gen.Select(Gen.Int[0, 9], Gen.Int[0, 1000], Gen.Int[0, 1000]).Array[1, 60];

    [Fact(Timeout = 120_000)]
    public void Any_schedule_of_arrivals_cancellations_deadlines_and_faults_keeps_the_engines_promises()
    {
        var cancellation = TestContext.Current.CancellationToken;
        Gen.Select(Configs, Schedules).Sample(
            (config, schedule) =>
            {
                cancellation.ThrowIfCancellationRequested();
                RunSchedule(config, schedule);
            },
            iter: 400);
    }

    [Fact(Timeout = 120_000)]
    public void Submitting_any_token_array_and_max_tokens_completes_or_fails_with_a_typed_error()
    {
        var cancellation = TestContext.Current.CancellationToken;
        Gen.Select(Gen.Int[-5, 70].Array[0, 80], Gen.Int[-3, 600].Nullable()).Sample(
            (prompt, maxTokens) =>
            {
                cancellation.ThrowIfCancellationRequested();
                var h = new CoreHarness(new MockExecutorOptions { KvCapacity = 64, EndOfGenerationPeriod = 16 });
                GenerationHandle handle;
                try
                {
                    handle = h.Submit(prompt, maxTokens);
                }
                catch (InvalidGenerationRequestException e)
                {
                    Assert.Equal(400, e.HttpStatus);
                    Assert.True(
                        prompt.Length == 0 || prompt.Any(t => t is < 0 or >= 64) ? e.Param == "prompt" : maxTokens < 1,
                        e.Message);
                    return;
                }
                catch (ContextLengthExceededException e)
                {
                    Assert.Equal(422, e.HttpStatus);
                    Assert.True(prompt.Length >= 64);
                    return;
                }

                Assert.True(prompt.Length is > 0 and < 64 && prompt.All(t => t is >= 0 and < 64) && maxTokens is null or > 0);
                h.RunUntilIdle();
                var (tokens, _, finish) = CoreHarness.Result(handle);
                Assert.Contains(finish.Reason, new[] { FinishReason.Length, FinishReason.Stop });
                Assert.InRange(finish.Usage.CompletionTokens, 1, Math.Min(maxTokens ?? int.MaxValue, 64 - prompt.Length));
                Assert.Equal(h.Mock.Continue(prompt, finish.Usage.CompletionTokens).Take(tokens.Count), tokens);
                Assert.Equal(0, h.Mock.CellsHeld);
            },
            iter: 300);
    }

    [Fact(Timeout = 120_000)]
    public async Task Concurrent_submitters_cancellations_and_faults_on_the_engine_thread_lose_nothing()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await Gen.Select(Gen.Int[1, 24], Gen.Int[0, 1_000_000], Gen.Int[1, 8], Gen.Int[24, 160]).SampleAsync(
            async (requests, seed, maxRunning, kv) =>
            {
                cancellation.ThrowIfCancellationRequested();
                await RunConcurrently(requests, seed, maxRunning, kv, cancellation);
            },
            iter: 25,
            threads: 1);
    }

    private static void RunSchedule(
        (int MaxSequences, int MaxRunning, int BudgetExtra, int Chunk, int Kv, int MaxQueued, int EosPeriod, int BatchTokens) config,
        (int Kind, int A, int B)[] schedule)
    {
        var stepTimeout = TimeSpan.FromMilliseconds(200);
        var h = new CoreHarness(
            new MockExecutorOptions { MaxSequences = config.MaxSequences, KvCapacity = config.Kv, EndOfGenerationPeriod = config.EosPeriod, MaxBatchTokens = config.BatchTokens },
            new EngineOptions
            {
                MaxRunningSequences = config.MaxRunning,
                StepTokenBudget = config.MaxRunning + config.BudgetExtra,
                PrefillChunk = config.Chunk,
                MaxQueuedRequests = config.MaxQueued,
                StepTimeout = stepTimeout,
                QueueWaitTimeout = TimeSpan.FromSeconds(1),
            });
        var budget = Math.Min(config.MaxRunning + config.BudgetExtra, config.BatchTokens);
        var accepted = new List<(GenerationHandle Handle, int[] Prompt, CancellationTokenSource Cancel)>();
        var started = new List<long>();
        var seen = new HashSet<long>();

        void Iterate()
        {
            h.Core.RunIteration();
            foreach (var sequence in h.Core.Scheduler.Running)
            {
                if (seen.Add(sequence.Id))
                {
                    started.Add(sequence.Id);
                }
            }

            Assert.True(h.Mock.CellsHeld <= config.Kv);
            Assert.True(h.Mock.CellsHeld <= h.Core.Scheduler.KvReserved);
            Assert.True(h.Core.Scheduler.KvReserved <= config.Kv);
        }

        void Submit(int[] prompt, int? maxTokens, Func<GenerationRequest, GenerationRequest>? configure = null)
        {
            var cts = new CancellationTokenSource();
            try
            {
                accepted.Add((h.Submit(prompt, maxTokens, cts.Token, configure: configure), prompt, cts));
            }
            catch (WickException e) when (e is InvalidGenerationRequestException or ContextLengthExceededException or EngineOverloadedException)
            {
                cts.Dispose();
            }
        }

        foreach (var (kind, a, b) in schedule)
        {
            switch (kind)
            {
                case 0 or 1 or 2:
                    var prompt = Enumerable.Range(0, 1 + (a % 30)).Select(i => (a * 7 + b * 3 + i * 5) % 63).ToArray();
                    Submit(
                        prompt,
                        b % 5 == 0 ? null : 1 + (b % 25),
                        r => r with
                        {
                            TotalTimeout = a % 7 == 0 ? TimeSpan.FromMilliseconds(1 + (b % 500)) : null,
                            FirstTokenTimeout = a % 11 == 0 ? TimeSpan.FromMilliseconds(1 + (b % 300)) : null,
                        });
                    break;
                case 3 when accepted.Count > 0:
                    accepted[a % accepted.Count].Cancel.Cancel();
                    break;
                case 4:
                    h.Time.Advance(TimeSpan.FromMilliseconds(b % 300));
                    break;
                case 5 or 6:
                    Iterate();
                    break;
                case 7:
                    h.Mock.Enqueue((a % 6) switch
                    {
                        0 => MockAction.DeviceError,
                        1 => MockAction.Throw,
                        2 => MockAction.KvExhausted,
                        3 => MockAction.Delay(stepTimeout + TimeSpan.FromMilliseconds(1 + (b % 100))),
                        4 => MockAction.DelayIgnoringAbort(stepTimeout * 2),
                        _ => MockAction.Delay(TimeSpan.FromMilliseconds(b % 150)),
                    });
                    break;
                case 8:
                    for (var i = 0; i < a % 5; i++)
                    {
                        Iterate();
                    }

                    break;
                case 9:
                    var random = new Random(a * 1000 + b);
                    Submit(Enumerable.Range(0, random.Next(0, 12)).Select(_ => random.Next(-3, 68)).ToArray(), random.Next(-2, 30));
                    break;
            }
        }

        for (var i = 0; i < 100_000 && !h.Core.IsEmpty; i++)
        {
            Iterate();
        }

        Assert.True(h.Core.IsEmpty);
        Assert.False(h.Core.RunIteration());

        // Every accepted request ended exactly once, and what it emitted is what its prompt alone gives.
        foreach (var (handle, prompt, cancel) in accepted)
        {
            var (tokens, _, finish) = CoreHarness.Result(handle);
            var oracle = h.Mock.Continue(prompt, handle.MaxTokens);
            Assert.Equal(oracle.Take(tokens.Count), tokens);
            if (finish.Reason is FinishReason.Length or FinishReason.Stop)
            {
                Assert.Equal(oracle.Count, finish.Usage.CompletionTokens);
            }

            cancel.Dispose();
        }

        Assert.Equal(started.Order(), started);
        Assert.Empty(h.Mock.Violations);
        Assert.InRange(h.Mock.PeakKvCellsInUse, 0, config.Kv);
        Assert.All(h.Reports, r => Assert.InRange(r.Tokens, 1, budget));
        Assert.All(h.Reports, r => Assert.InRange(r.Sequences, 1, Math.Min(config.MaxRunning, config.MaxSequences)));
        Assert.Equal((0, 0, 0), (h.Mock.CellsHeld, h.Core.Counters.Running, h.Core.Counters.KvCellsInUse));
        var counters = h.Core.Counters;
        Assert.Equal(accepted.Count, counters.FinishedStop + counters.FinishedLength + counters.FinishedCancelled + counters.FinishedError);
    }

    private static async Task RunConcurrently(int requests, int seed, int maxRunning, int kv, CancellationToken cancellation)
    {
        var random = new Random(seed);
        var gate = new Lock();
        var mock = new MockExecutor(new MockExecutorOptions { KvCapacity = kv, EndOfGenerationPeriod = seed % 9 });
        mock.Script = _ =>
        {
            lock (gate)
            {
                return random.Next(40) switch
                {
                    0 => MockAction.DeviceError,
                    1 => MockAction.KvExhausted,
                    2 => MockAction.Delay(TimeSpan.FromMilliseconds(80)),
                    3 => MockAction.Throw,
                    _ => null,
                };
            }
        };
        var reports = new ConcurrentQueue<StepReport>();
        var engine = new InferenceEngine(mock, new EngineOptions { MaxRunningSequences = maxRunning, StepTokenBudget = 32, PrefillChunk = 16, StepTimeout = TimeSpan.FromMilliseconds(40), StepObserver = reports.Enqueue });
        var prompts = Enumerable.Range(0, requests).Select(i => Enumerable.Range(0, 1 + ((seed + i * 13) % 20)).Select(t => (t * 3 + i) % 63).ToArray()).ToArray();

        var results = await Task.WhenAll(prompts.Select(async (prompt, i) =>
        {
            using var cts = new CancellationTokenSource();
            int delay;
            lock (gate)
            {
                delay = random.Next(-10, 10);
            }

            await Task.Yield();
            var handle = engine.Submit(new GenerationRequest(prompt, 1 + (i % 20), new GreedySampler(), new PlainOutputProcessor(mock.Vocabulary)), cts.Token);
            if (delay >= 0)
            {
                cts.CancelAfter(delay);
            }

            return (Prompt: prompt, Handle: handle, Result: await handle.ReadToEndAsync(cancellation));
        }));

        await engine.WhenIdleAsync(cancellation).WaitAsync(TimeSpan.FromSeconds(20), cancellation);
        var metrics = engine.GetMetrics();
        await engine.DisposeAsync();

        foreach (var (prompt, handle, result) in results)
        {
            Assert.Equal(mock.Continue(prompt, handle.MaxTokens).Take(result.TokenIds.Count), result.TokenIds);
            Assert.False(handle.Events.TryRead(out _));
        }

        Assert.Equal(requests, metrics.FinishedStop + metrics.FinishedLength + metrics.FinishedCancelled + metrics.FinishedError);
        Assert.Equal((0, 0, 0, 0), (metrics.RunningRequests, metrics.WaitingRequests, metrics.KvCellsInUse, mock.CellsHeld));
        Assert.Empty(mock.Violations);
        // Every device call came from one thread; none at all when every request was cancelled before its first step.
        Assert.True(mock.CallingThreads.Count <= 1, $"the device was called from {mock.CallingThreads.Count} threads");
        Assert.All(reports, r => Assert.InRange(r.Tokens, 1, 32));
    }
}

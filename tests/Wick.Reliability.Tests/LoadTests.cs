using System.Diagnostics;
using Wick.Core.Execution;
using Wick.Reliability.Tests.Infrastructure;
using Wick.TestSupport.Server;

namespace Wick.Reliability.Tests;

/// <summary>
/// 1,000 concurrent streaming requests against the tiny model over real HTTP. With room for all of them, every one
/// answers its sum correctly; with a small queue, the rest are refused with 429/503 and Retry-After, and nothing else
/// happens to any request. Time to first token and total time are reported as p50/p99.
/// </summary>
public sealed class LoadTests
{
    private static readonly int Concurrent = ReliabilityMode.Pick(1_000, 4_000);

    [Fact(Timeout = 180_000)]
    public async Task Thousand_concurrent_streams_all_answer_correctly_when_the_queue_holds_them()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await WickTestServer.StartAsync(ct, o =>
        {
            o.MaxSequences = 32;
            o.MaxQueuedRequests = Concurrent * 2;
        });

        using var client = Api.CreateClient(server.BaseAddress, Concurrent + 100);
        var run = await LoadRun.ExecuteAsync(server, client, Concurrent, seed: 1, ct);

        Assert.True(run.Failures.Count == 0, string.Join("\n", run.Failures.Take(10)));
        Assert.Equal(Concurrent, run.Correct);
        await Idle.AssertReturnsToIdleAsync(server.Model.Engine, client, TimeSpan.FromSeconds(30), ct);
        run.Record("load.all_admitted", queueLimit: Concurrent * 2);
    }

    [Fact(Timeout = 180_000)]
    public async Task Beyond_the_queue_limit_requests_are_refused_with_retry_after_and_nothing_else()
    {
        var ct = TestContext.Current.CancellationToken;
        const int QueueLimit = 8;
        await using var server = await WickTestServer.StartAsync(ct, o =>
        {
            o.MaxSequences = 32;
            o.MaxQueuedRequests = QueueLimit;
        });

        using var client = Api.CreateClient(server.BaseAddress, Concurrent + 100);
        var run = await LoadRun.ExecuteAsync(server, client, Concurrent, seed: 2, ct);

        Assert.True(run.Failures.Count == 0, string.Join("\n", run.Failures.Take(10)));
        Assert.Equal(Concurrent, run.Correct + run.Refused);
        Assert.True(run.Refused > 0, "1,000 simultaneous requests should overflow a queue of 8");
        Assert.True(run.Correct > 0);
        await Idle.AssertReturnsToIdleAsync(server.Model.Engine, client, TimeSpan.FromSeconds(30), ct);
        var scrape = await Scrape.TakeAsync(client, ct);
        Assert.Equal(run.Refused, scrape["wick_rejections_total"] + scrape["wick_queue_timeouts_total"]);
        run.Record("load.small_queue", queueLimit: QueueLimit);
    }

    /// <summary>One burst of streaming sums, every call started at once, judged and timed.</summary>
    private sealed class LoadRun
    {
        public int Correct { get; private set; }

        public int Refused { get; private set; }

        public Dictionary<string, int> RefusedBy { get; } = [];

        public List<string> Failures { get; } = [];

        public List<double> TtftMs { get; } = [];

        public List<double> TotalMs { get; } = [];

        public double WallSeconds { get; private set; }

        public int PeakRunning { get; private set; }

        public int PeakQueued { get; private set; }

        public static async Task<LoadRun> ExecuteAsync(WickTestServer server, HttpClient client, int count, int seed, CancellationToken ct)
        {
            var run = new LoadRun();
            var random = new Random(seed);
            var sums = Enumerable.Range(0, count).Select(_ => Sums.Pick(random)).ToArray();
            var engine = server.Model.Engine;
            using var sampling = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var sampler = SamplePeaksAsync(engine, run, sampling.Token);
            var clock = Stopwatch.StartNew();
            var tasks = sums.Select(s => Task.Run(
                () => Api.PostAsync(client, "v1/chat/completions", Api.Json(Api.Chat(s.Prompt, 8, stream: true)), ct),
                ct)).ToArray();
            var outcomes = await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(150), ct);
            run.WallSeconds = clock.Elapsed.TotalSeconds;
            await sampling.CancelAsync();
            await sampler;

            for (var i = 0; i < count; i++)
            {
                var outcome = outcomes[i];
                if (outcome.Completed && outcome.Content == sums[i].Answer && outcome.FinishReason == "stop")
                {
                    run.Correct++;
                    run.TtftMs.Add(outcome.TimeToFirstTokenMs ?? double.NaN);
                    run.TotalMs.Add(outcome.TotalMs);
                }
                else if (outcome is { Status: 429 or 503, RetryAfter: not null, ShapeProblem: null, ErrorCode: "engine_overloaded" or "queue_timeout" })
                {
                    run.Refused++;
                    run.RefusedBy[$"{outcome.Status} {outcome.ErrorCode}"] = run.RefusedBy.GetValueOrDefault($"{outcome.Status} {outcome.ErrorCode}") + 1;
                }
                else
                {
                    run.Failures.Add($"'{sums[i].Prompt}' (expected '{sums[i].Answer}'): {outcome}");
                }
            }

            return run;
        }

        public void Record(string name, int queueLimit)
        {
            ResultsFile.Record(name, new
            {
                concurrent_requests = Correct + Refused + Failures.Count,
                max_sequences = 32,
                queue_limit = queueLimit,
                completed_correct = Correct,
                refused = Refused,
                refused_by = RefusedBy,
                other_outcomes = Failures.Count,
                wall_seconds = Stats.Round(WallSeconds, 2),
                completed_per_second = Stats.Round(Correct / WallSeconds),
                peak_running = PeakRunning,
                peak_queued = PeakQueued,
                ttft = Stats.Latency(TtftMs),
                total = Stats.Latency(TotalMs),
            });
        }

        /// <summary>Samples the engine's gauges while the burst runs, for the peaks.</summary>
        private static async Task SamplePeaksAsync(InferenceEngine engine, LoadRun run, CancellationToken ct)
        {
            try
            {
                while (true)
                {
                    var metrics = engine.GetMetrics();
                    run.PeakRunning = Math.Max(run.PeakRunning, metrics.RunningRequests);
                    run.PeakQueued = Math.Max(run.PeakQueued, metrics.QueuedRequests);
                    await Task.Delay(5, ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // The burst is over.
            }
        }
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Wick.Reliability.Tests.Infrastructure;
using Wick.TestSupport.Server;

namespace Wick.Reliability.Tests;

/// <summary>
/// A long mixed run (streams, plain answers, clients that give up, invalid requests, tokenizer and info calls) against the
/// tiny model, with memory sampled after full collections. It fails on sustained growth — the slope of the live heap
/// over the samples after warm-up — not on noise. Default mode runs about 25 s; <c>WICK_RELIABILITY_LONG=1</c> five
/// minutes; <c>WICK_SOAK_SECONDS</c> sets it exactly.
/// </summary>
public sealed class SoakTests
{
    /// <summary>MB per minute of live managed heap growth that counts as a leak (after warm-up, after full GCs).</summary>
    private const double HeapSlopeLimitMbPerMinute = 8;

    /// <summary>Working set (managed and native) growth per minute that counts as a leak: loose, it is noisy.</summary>
    private const double WorkingSetSlopeLimitMbPerMinute = 120;

    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(
        int.TryParse(Environment.GetEnvironmentVariable("WICK_SOAK_SECONDS"), CultureInfo.InvariantCulture, out var seconds) ? seconds : ReliabilityMode.Pick(25, 300));

    [Fact(Timeout = 900_000)]
    public async Task Mixed_traffic_for_a_long_run_keeps_answers_correct_and_memory_flat()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await WickTestServer.StartAsync(ct, o => o.MaxSequences = 16);
        using var client = Api.CreateClient(server.BaseAddress, 64);
        var counts = new ConcurrentDictionary<string, int>();
        var problems = new ConcurrentQueue<string>();
        var samples = new List<(double Seconds, MemorySample Memory)>();
        var clock = Stopwatch.StartNew();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        stop.CancelAfter(Duration);

        var workers = Enumerable.Range(0, 12).Select(w => Task.Run(() => WorkAsync(client, w, server.Model.Engine.ContextLength, counts, problems, stop.Token), ct)).ToArray();
        while (!stop.IsCancellationRequested)
        {
            samples.Add((clock.Elapsed.TotalSeconds, MemoryProbe.Measure()));
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), stop.Token);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // The run is over.
            }
        }

        await Task.WhenAll(workers);
        await Idle.AssertReturnsToIdleAsync(server.Model.Engine, client, TimeSpan.FromSeconds(30), ct);
        samples.Add((clock.Elapsed.TotalSeconds, MemoryProbe.Measure()));

        // Warm-up (JIT, pools, connections) is the first fifth of the run. Memory that earlier tests in this process
        // left in pools may still be trimmed during the run, and a falling start would hide a leak behind it, so each
        // slope is fitted from the lowest sample on (at least the last ten samples).
        var warm = samples.Where(s => s.Seconds >= Duration.TotalSeconds / 5).ToList();
        var heapSlope = SlopeFromLowest(warm, m => m.LiveMb);
        var workingSetSlope = SlopeFromLowest(warm, m => m.WorkingSetMb);
        var requests = counts.Values.Sum();
        ResultsFile.Record("soak", new
        {
            seconds = Stats.Round(clock.Elapsed.TotalSeconds),
            requests,
            requests_per_second = Stats.Round(requests / clock.Elapsed.TotalSeconds),
            by_kind = counts.OrderBy(p => p.Key).ToDictionary(p => p.Key, p => p.Value),
            problems = problems.Count,
            samples = samples.Count,
            live_heap_mb = new { first = warm[0].Memory.LiveMb, last = warm[^1].Memory.LiveMb, max = warm.Max(s => s.Memory.LiveMb), slope_mb_per_min = Stats.Round(heapSlope, 2) },
            working_set_mb = new { first = warm[0].Memory.WorkingSetMb, last = warm[^1].Memory.WorkingSetMb, max = warm.Max(s => s.Memory.WorkingSetMb), slope_mb_per_min = Stats.Round(workingSetSlope, 2) },
            limits_mb_per_min = new { live_heap = HeapSlopeLimitMbPerMinute, working_set = WorkingSetSlopeLimitMbPerMinute },
            series = samples.Where((_, i) => i % Math.Max(1, samples.Count / 30) == 0)
                .Select(s => new[] { Stats.Round(s.Seconds), s.Memory.LiveMb, s.Memory.WorkingSetMb }).ToArray(),
        });

        Assert.True(problems.IsEmpty, $"{problems.Count} of {requests} requests misbehaved:\n{string.Join("\n", problems.Take(10))}");
        Assert.True(requests > Duration.TotalSeconds * 20, $"only {requests} requests in {Duration.TotalSeconds} s");
        Assert.True(heapSlope < HeapSlopeLimitMbPerMinute, $"live heap grows {heapSlope:F2} MB/min (limit {HeapSlopeLimitMbPerMinute})");
        Assert.True(workingSetSlope < WorkingSetSlopeLimitMbPerMinute, $"working set grows {workingSetSlope:F2} MB/min (limit {WorkingSetSlopeLimitMbPerMinute})");
    }

    /// <summary>One client's loop: a random mix of everything a server meets, each answer checked.</summary>
    private static async Task WorkAsync(HttpClient client, int worker, int contextLength, ConcurrentDictionary<string, int> counts, ConcurrentQueue<string> problems, CancellationToken stop)
    {
        var random = new Random(1_000 + worker);
        while (!stop.IsCancellationRequested)
        {
            var roll = random.Next(100);
            var (prompt, answer) = Sums.Pick(random);
            string kind;
            string? problem;
            try
            {
                switch (roll)
                {
                    case < 45:
                        kind = "stream";
                        problem = Check(await Api.PostAsync(client, "v1/chat/completions", Api.Json(Api.Chat(prompt, 8, stream: true)), CancellationToken.None), answer);
                        break;
                    case < 65:
                        kind = "plain";
                        problem = Check(await Api.PostAsync(client, "v1/completions", Api.Json(Api.Completion(prompt, 8, stream: false)), CancellationToken.None), answer);
                        break;
                    case < 80:
                        kind = "client_gives_up";
                        using (var patience = new CancellationTokenSource(TimeSpan.FromMilliseconds(random.Next(5, 150))))
                        {
                            var outcome = await Api.PostAsync(client, "v1/chat/completions", Api.Json(Api.Chat(prompt, 400, stream: random.Next(2) == 0, ignoreEos: true)), patience.Token);
                            problem = outcome.ClientCancelled || outcome.Completed ? null : outcome.ToString();
                        }

                        break;
                    case < 92:
                        kind = "invalid";
                        var bad = random.Next(3) switch
                        {
                            0 => "{\"messages\":[{\"role\":\"user\",\"content\":\"1+1=\"}],\"temperature\":5}",
                            1 => "{\"prompt\":\"1+1=\",\"max_tokens\":",
                            _ => Api.Json(Api.Completion(new string('x', contextLength + 1), 4, stream: false)),
                        };
                        var refused = await Api.PostAsync(client, bad.Contains("messages", StringComparison.Ordinal) ? "v1/chat/completions" : "v1/completions", bad, CancellationToken.None);
                        problem = refused is { Status: 400 or 422, ShapeProblem: null, TransportFailure: null } ? null : refused.ToString();
                        break;
                    default:
                        kind = "info";
                        var tokens = await Api.PostAsync(client, "tokenize", Api.Json(new { content = prompt }), CancellationToken.None);
                        using (var models = await client.GetAsync(new Uri("v1/models", UriKind.Relative), CancellationToken.None))
                        using (var metrics = await client.GetAsync(new Uri("metrics", UriKind.Relative), CancellationToken.None))
                        {
                            problem = tokens.Status == 200 && models.IsSuccessStatusCode && metrics.IsSuccessStatusCode ? null : $"tokenize {tokens.Status}, models {models.StatusCode}, metrics {metrics.StatusCode}";
                        }

                        break;
                }
            }
            catch (HttpRequestException ex)
            {
                kind = "transport";
                problem = ex.Message;
            }

            counts.AddOrUpdate(kind, 1, static (_, n) => n + 1);
            if (problem is not null)
            {
                problems.Enqueue($"{kind} '{prompt}': {problem}");
            }
        }
    }

    /// <summary>MB per minute, least squares over the samples from the lowest one to the end.</summary>
    private static double SlopeFromLowest(List<(double Seconds, MemorySample Memory)> samples, Func<MemorySample, double> value)
    {
        var lowest = samples.IndexOf(samples.MinBy(s => value(s.Memory)));
        var from = Math.Max(0, Math.Min(lowest, samples.Count - 10));
        return Stats.Slope(samples.Skip(from).Select(s => (s.Seconds / 60, value(s.Memory))).ToList());
    }

    private static string? Check(CallOutcome outcome, string answer) =>
        outcome.Completed && outcome.Content == answer ? null : $"expected '{answer}': {outcome}";
}

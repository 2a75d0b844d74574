using System.Globalization;
using Wick.Reliability.Tests.Fuzzing;
using Wick.Reliability.Tests.Infrastructure;

namespace Wick.Reliability.Tests;

/// <summary>
/// Request fuzzing: at least 10,000 generated hostile requests per endpoint over real HTTP. Every answer is a 4xx in
/// OpenAI's error shape — or, for a request that may be valid, a complete 200 — never a 5xx, a dropped connection or a
/// hang; the server stays up and its memory stays bounded.
/// </summary>
public sealed class FuzzTests(TinyServerFixture fixture) : IClassFixture<TinyServerFixture>
{
    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("WICK_FUZZ_SEED"), CultureInfo.InvariantCulture, out var seed) ? seed : 7_2026;

    private static readonly int CasesPerEndpoint = ReliabilityMode.Pick(10_000, 50_000);

    /// <summary>
    /// Live managed bytes after a full compacting collection may grow by pooled buffers (the shared array pool keeps
    /// megabyte request buffers for reuse) but not with the number of requests.
    /// </summary>
    private const double HeapGrowthLimitMb = 128;

    /// <summary>Loose: the GC keeps freed regions committed, and this process also generates the hostile bodies.</summary>
    private const double WorkingSetGrowthLimitMb = 1024;

    [Theory(Timeout = 300_000)]
    [InlineData(FuzzTarget.Chat)]
    [InlineData(FuzzTarget.Completions)]
    [InlineData(FuzzTarget.Tokenize)]
    [InlineData(FuzzTarget.Detokenize)]
    [InlineData(FuzzTarget.Get)]
    public async Task Hostile_requests_get_openai_shaped_4xx_never_5xx_and_memory_stays_bounded(FuzzTarget target)
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.SkipWhen(
            Environment.GetEnvironmentVariable("WICK_FUZZ_TARGETS") is { } only && !only.Contains(target.ToString(), StringComparison.Ordinal),
            "WICK_FUZZ_TARGETS leaves this endpoint out");
        var server = fixture.Server;
        using var client = Api.CreateClient(server.BaseAddress, 8);
        var engine = server.Model.Engine;
        var generator = new HostileRequests(Seed, target, server.Model.Id, engine.Vocabulary.Size, engine.ContextLength, 4 << 20);
        await FuzzRunner.RunAsync(client, server.BaseAddress, generator, 200, 8, ct); // warm-up: JIT, pools, connections
        var before = MemoryProbe.Measure();

        var report = await FuzzRunner.RunAsync(client, server.BaseAddress, generator, CasesPerEndpoint, 8, ct);

        await engine.WhenIdleAsync(ct).WaitAsync(TimeSpan.FromSeconds(30), ct);
        var after = MemoryProbe.Measure();
        // For investigating memory: WICK_FUZZ_DUMP=/tmp/x makes the test write /tmp/x.pid and wait for /tmp/x.done,
        // so a heap dump (dotnet-gcdump collect -p PID) can be taken of the server after the run.
        if (Environment.GetEnvironmentVariable("WICK_FUZZ_DUMP") is { } marker)
        {
            File.WriteAllText(marker + ".pid", Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            await Wait.UntilAsync(() => File.Exists(marker + ".done"), TimeSpan.FromMinutes(5), "the heap dump", ct);
        }

        var still = await Api.PostAsync(client, "v1/chat/completions", Api.Json(Api.Chat("3+4=", 4, stream: false)), ct);
        ResultsFile.Record($"fuzz.{target}", new
        {
            seed = Seed,
            cases = report.Sent,
            seconds = Stats.Round(report.Seconds),
            requests_per_second = Stats.Round(report.Sent / report.Seconds),
            statuses = report.Statuses.OrderBy(p => p.Key).ToDictionary(p => p.Key.ToString(CultureInfo.InvariantCulture), p => p.Value),
            error_codes = report.ErrorCodes.OrderByDescending(p => p.Value).ToDictionary(p => p.Key, p => p.Value),
            kinds = report.Kinds.OrderBy(p => p.Key).ToDictionary(p => p.Key, p => p.Value),
            deadlines_missed_as_asked = report.DeadlinesMissed,
            kestrel_bare_400 = report.KestrelRejections,
            dropped_connections = report.Dropped,
            violations = report.Violations.Count,
            latency = Stats.Latency(report.LatenciesMs.ToArray()),
            slowest_ms_by_kind = report.SlowestMs.OrderByDescending(p => p.Value).Take(6).ToDictionary(p => p.Key, p => Stats.Round(p.Value)),
            memory_mb = new { before, after },
        });

        Assert.True(report.Violations.IsEmpty, $"{report.Violations.Count} of {report.Sent} responses broke the contract (seed {Seed}):\n{FuzzRunner.Sample(report)}");
        Assert.True(report.Sent >= CasesPerEndpoint || Environment.GetEnvironmentVariable("WICK_FUZZ_ONLY") is not null);
        Assert.Equal((200, (string?)"7"), (still.Status, still.Completed ? still.Content : null));
        Assert.True(after.LiveMb - before.LiveMb < HeapGrowthLimitMb, $"live managed heap grew from {before.LiveMb:F1} MB to {after.LiveMb:F1} MB");
        Assert.True(after.WorkingSetMb - before.WorkingSetMb < WorkingSetGrowthLimitMb, $"working set grew from {before.WorkingSetMb:F0} MB to {after.WorkingSetMb:F0} MB");
        await Idle.AssertReturnsToIdleAsync(engine, client, TimeSpan.FromSeconds(30), ct);
    }
}

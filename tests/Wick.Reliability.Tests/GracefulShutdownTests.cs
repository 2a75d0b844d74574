using System.Diagnostics;
using System.Net.Sockets;
using Wick.Reliability.Tests.Infrastructure;

namespace Wick.Reliability.Tests;

/// <summary>
/// SIGTERM under load against the real <c>wick serve</c> process: every request it had accepted ends with a final
/// response or a clear error (never a cut stream), new requests are refused cleanly, and the process exits 0 within
/// the drain deadline.
/// </summary>
public sealed class GracefulShutdownTests
{
    [Fact(Timeout = 120_000)]
    public async Task Sigterm_under_load_finishes_every_accepted_request_and_exits_zero_within_the_drain_deadline()
    {
        var result = await RunAsync(drainSeconds: 30, longTokens: 400, TestContext.Current.CancellationToken);

        Assert.True(result.Dropped.Count == 0, $"streams cut without a final event: {string.Join("; ", result.Dropped)}\n{result.ServerOutput}");
        Assert.Equal(result.Accepted, result.Completed); // the deadline was far: everything accepted finishes
        Assert.True(result.WrongAnswers.Count == 0, string.Join("; ", result.WrongAnswers));
        Assert.True(result.ExitCode == 0, $"exit code {result.ExitCode}\n{result.ServerOutput}");
        Assert.True(result.ExitSeconds < 30 + 10, $"exited {result.ExitSeconds:F1} s after SIGTERM");
        result.Record("shutdown.drain_completes");
    }

    [Fact(Timeout = 120_000)]
    public async Task Sigterm_with_work_past_the_drain_deadline_ends_the_rest_with_a_clear_error_and_exits_zero()
    {
        var result = await RunAsync(drainSeconds: 1, longTokens: 1000, TestContext.Current.CancellationToken);

        Assert.True(result.Dropped.Count == 0, $"streams cut without a final event: {string.Join("; ", result.Dropped)}\n{result.ServerOutput}");
        Assert.Equal(result.Accepted, result.Completed + result.EndedWithShutdownError);
        Assert.True(result.EndedWithShutdownError > 0, "the drain deadline should have cut some generations");
        Assert.True(result.WrongAnswers.Count == 0, string.Join("; ", result.WrongAnswers));
        Assert.True(result.ExitCode == 0, $"exit code {result.ExitCode}\n{result.ServerOutput}");
        Assert.True(result.ExitSeconds < 1 + 10, $"exited {result.ExitSeconds:F1} s after SIGTERM");
        result.Record("shutdown.drain_deadline");
    }

    private static async Task<ShutdownResult> RunAsync(int drainSeconds, int longTokens, CancellationToken ct)
    {
        await using var server = await ServeProcess.StartAsync(
            ["--parallel", "16", "--ctx-size", "16384", "--max-queued", "256"],
            new Dictionary<string, string> { ["WICK_DrainTimeoutSeconds"] = drainSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            ct);
        using var client = Api.CreateClient(server.BaseAddress, 128);
        var random = new Random(11);

        // 16 long streams fill every slot; 32 short sums queue behind them.
        var longCalls = Enumerable.Range(0, 16).Select(_ => (Prompt: "1+1=", Answer: (string?)null, Body: Api.Json(Api.Chat("1+1=", longTokens, stream: true, ignoreEos: true)))).ToList();
        var sums = Enumerable.Range(0, 32).Select(_ => Sums.Pick(random)).Select(s => (s.Prompt, Answer: (string?)s.Answer, Body: Api.Json(Api.Chat(s.Prompt, 8, stream: true)))).ToList();
        var calls = longCalls.Concat(sums).ToList();
        var firstTokens = new CountdownEvent(longCalls.Count);
        var tasks = calls.Select((c, i) => Api.PostAsync(client, "v1/chat/completions", c.Body, ct, i < longCalls.Count ? () => firstTokens.Signal() : null)).ToArray();
        var longTasks = tasks.Take(longCalls.Count).ToArray();
        await Wait.UntilAsync(() => firstTokens.IsSet || longTasks.Any(t => t.IsCompleted), TimeSpan.FromSeconds(60), "the long streams' first tokens", ct);
        Assert.True(firstTokens.IsSet, "a long stream ended before the others started: " + string.Join("; ", longTasks.Where(t => t.IsCompleted).Select(t => t.Result)));

        var clock = Stopwatch.StartNew();
        server.Terminate();
        var late = await RefusedAfterSigtermAsync(client, ct);
        var outcomes = await Task.WhenAll(tasks);
        var exitCode = await server.WaitForExitAsync(TimeSpan.FromSeconds(drainSeconds + 30), ct);
        var exitSeconds = clock.Elapsed.TotalSeconds;

        var result = new ShutdownResult
        {
            Accepted = calls.Count,
            Completed = outcomes.Count(o => o.Completed),
            EndedWithShutdownError = outcomes.Count(o => o.EndedWithClearError && o.ErrorCode == "shutting_down"),
            ExitCode = exitCode,
            ExitSeconds = exitSeconds,
            DrainSeconds = drainSeconds,
            Late = late,
            ServerOutput = server.RecentOutput,
        };
        for (var i = 0; i < calls.Count; i++)
        {
            var outcome = outcomes[i];
            if (!outcome.Completed && !(outcome.EndedWithClearError && outcome.ErrorCode == "shutting_down"))
            {
                result.Dropped.Add($"#{i} {outcome}");
            }
            else if (outcome.Completed && calls[i].Answer is { } answer && outcome.Content != answer)
            {
                result.WrongAnswers.Add($"'{calls[i].Prompt}' answered '{outcome.Content}', not '{answer}'");
            }
        }

        return result;
    }

    /// <summary>Requests sent after SIGTERM: refused with 503 shutting_down, or not connected once the listener closed.</summary>
    private static async Task<Dictionary<string, int>> RefusedAfterSigtermAsync(HttpClient client, CancellationToken ct)
    {
        var seen = new Dictionary<string, int>();
        using var fresh = Api.CreateClient(client.BaseAddress!, 4); // new connections, as new clients would open
        for (var i = 0; i < 5; i++)
        {
            var outcome = await Api.PostAsync(fresh, "v1/chat/completions", Api.Json(Api.Chat("2+2=", 4, stream: false)), ct);
            var kind = outcome switch
            {
                { Status: 503, ErrorCode: "shutting_down", RetryAfter: not null } => "503_shutting_down",
                { TransportFailure: HttpRequestException { InnerException: SocketException } } => "connection_refused",
                { Completed: true } => "served",
                _ => "other: " + outcome,
            };
            seen[kind] = seen.GetValueOrDefault(kind) + 1;
            Assert.DoesNotContain("other", kind, StringComparison.Ordinal);
        }

        return seen;
    }

    private sealed class ShutdownResult
    {
        public int Accepted { get; init; }

        public int Completed { get; init; }

        public int EndedWithShutdownError { get; init; }

        public int ExitCode { get; init; }

        public double ExitSeconds { get; init; }

        public int DrainSeconds { get; init; }

        public Dictionary<string, int> Late { get; init; } = [];

        public List<string> Dropped { get; } = [];

        public List<string> WrongAnswers { get; } = [];

        public string ServerOutput { get; init; } = string.Empty;

        public void Record(string name) => ResultsFile.Record(name, new
        {
            drain_deadline_s = DrainSeconds,
            accepted = Accepted,
            completed = Completed,
            ended_with_shutting_down_error = EndedWithShutdownError,
            cut_without_final_event = Dropped.Count,
            requests_after_sigterm = Late,
            exit_code = ExitCode,
            seconds_sigterm_to_exit = Stats.Round(ExitSeconds, 2),
        });
    }
}

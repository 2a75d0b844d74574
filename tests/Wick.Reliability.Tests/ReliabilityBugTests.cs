using System.Diagnostics;
using System.Globalization;
using System.Text;
using Wick.Reliability.Tests.Infrastructure;
using Wick.TestSupport.Server;

namespace Wick.Reliability.Tests;

/// <summary>
/// Bugs in src/ that the reliability tests found, each reproduced by a test that fails today and is skipped with the
/// reason; remove the Skip when the fix lands (docs/RELIABILITY.md lists them).
/// </summary>
public sealed class ReliabilityBugTests
{
    [Fact(Timeout = 60_000)]
    public async Task Unreadable_text_in_prompt_content_or_stop_is_a_400_not_a_500()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await MockHttpServer.StartAsync(ct);
        byte[][] bodies =
        [
            Encoding.UTF8.GetBytes("{\"prompt\":\"\\ud800 1+1=\",\"max_tokens\":2}"),
            Encoding.UTF8.GetBytes("{\"messages\":[{\"role\":\"user\",\"content\":\"\\udc00x\"}],\"max_tokens\":2}"),
            Encoding.UTF8.GetBytes("{\"prompt\":\"1+1=\",\"stop\":[\"\\ud800\"],\"max_tokens\":2}"),
            [.. "{\"prompt\":\""u8, 0xFF, 0xFE, .. "\",\"max_tokens\":2}"u8],
            [.. "{\"messages\":[{\"role\":\"user\",\"content\":\""u8, 0xC3, 0x28, .. "\"}]}"u8],
        ];

        foreach (var body in bodies)
        {
            var path = body.AsSpan().IndexOf("messages"u8) >= 0 ? "v1/chat/completions" : "v1/completions";
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using var response = await server.Client.PostAsync(path, content, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            Assert.True((int)response.StatusCode == 400, $"{Encoding.UTF8.GetString(body)} -> {(int)response.StatusCode} {text}");
            Assert.Null(ErrorShape.Problem(text));
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task Long_run_of_digits_or_punctuation_in_a_prompt_does_not_kill_the_server()
    {
        var ct = TestContext.Current.CancellationToken;

        // A child process: in this process the crash would take the test host down with it.
        await using var server = await ServeProcess.StartAsync([], new Dictionary<string, string>(), ct);
        using var client = Api.CreateClient(server.BaseAddress, 4);
        foreach (var (path, body) in new[]
        {
            ("tokenize", Api.Json(new { content = new string('7', 40_000) })),
            ("tokenize", Api.Json(new { content = new string('+', 40_000) })),
            ("v1/completions", Api.Json(Api.Completion(new string('9', 40_000), 4, stream: false))),
        })
        {
            var outcome = await Api.PostAsync(client, path, body, ct);
            Assert.True(outcome.TransportFailure is null && !server.HasExited, $"{path}: {outcome}\n{server.RecentOutput}");
            Assert.True(outcome.Status is 200 or 422, outcome.ToString());
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task A_request_that_bans_every_token_is_refused_as_a_client_error()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await MockHttpServer.StartAsync(ct);
        var banAll = Enumerable.Range(0, server.Engine.Vocabulary.Size).ToDictionary(t => t.ToString(CultureInfo.InvariantCulture), _ => -100);

        var outcome = await Api.PostAsync(server.Client, "v1/chat/completions", Api.Json(new
        {
            messages = new[] { new { role = "user", content = "x" } },
            max_tokens = 4,
            logit_bias = banAll,
        }), ct);

        Assert.True(outcome.Status == 400, outcome.ToString());
        Assert.Null(outcome.ShapeProblem);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_client_that_keeps_reading_is_never_ended_as_a_slow_consumer()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await MockHttpServer.StartAsync(
            ct,
            new Wick.TestSupport.MockExecutorOptions { MaxSequences = 8, KvCapacity = 30_000 },
            e => e with { MaxBufferedEvents = 4096 });

        var outcome = await Api.PostAsync(server.Client, "v1/completions", Api.Json(Api.Completion("fast", 20_000, stream: true)), ct);

        Assert.True(outcome.Completed, outcome.ToString());
        Assert.Equal(server.Expected("fast", 20_000), outcome.Content);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_short_prefill_co_batched_with_the_stalled_one_is_not_blamed_for_the_timeout()
    {
        var ct = TestContext.Current.CancellationToken;
        const string Poison = "POISON:0123456789012345678901234567890123"; // 41 bytes: a 41-row prefill
        await using var server = await MockHttpServer.StartAsync(
            ct,
            new Wick.TestSupport.MockExecutorOptions { MaxSequences = 8, KvCapacity = 4096, HangLimit = TimeSpan.FromSeconds(20) },
            e => e with { StepTimeout = TimeSpan.FromSeconds(1) });

        // The first step (a warm-up request's prefill) takes 0.8 s: meanwhile the poison and an innocent prompt queue up
        // and are then prefilled together in the next step, which hangs until the watchdog aborts it.
        var step = 0;
        server.Mock.Script = s => Interlocked.Increment(ref step) switch
        {
            1 => Wick.TestSupport.MockAction.Delay(TimeSpan.FromMilliseconds(800)),
            _ when s.RowsPerSlot.Values.Contains(Poison.Length) => Wick.TestSupport.MockAction.Hang,
            _ => null,
        };
        var warm = Api.PostAsync(server.Client, "v1/completions", Api.Json(Api.Completion("warm", 4, stream: false)), ct);
        await Wait.UntilAsync(() => Volatile.Read(ref step) >= 1, TimeSpan.FromSeconds(10), "the slow first step", ct);
        var poisoned = Api.PostAsync(server.Client, "v1/completions", Api.Json(Api.Completion(Poison, 4, stream: false)), ct);
        var innocent = Api.PostAsync(server.Client, "v1/completions", Api.Json(Api.Completion("ok?", 4, stream: false)), ct);
        await Wait.UntilAsync(() => server.Engine.GetMetrics().QueuedRequests == 2 || poisoned.IsCompleted || innocent.IsCompleted, TimeSpan.FromSeconds(10), "both to queue", ct);

        Assert.Equal("step_timeout", (await poisoned).ErrorCode);
        var spared = await innocent;
        Assert.True(spared.Completed && spared.Content == server.Expected("ok?", 4), spared.ToString());
        Assert.True((await warm).Completed);
    }
}

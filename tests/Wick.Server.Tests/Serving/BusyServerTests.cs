using System.Net;
using System.Text.Json.Nodes;
using Wick.Core.ParkingLot;
using Wick.Server.Tests.Support;
using Wick.TestSupport.Server;

namespace Wick.Server.Tests.Serving;

/// <summary>
/// A server with one sequence slot and a one-request queue, so that one long request fills it: 429 and 503 with
/// Retry-After, and clients that go away while running or queued leave no KV, running or waiting request behind.
/// Every test ends with the engine idle, so they do not depend on each other's order.
/// </summary>
public sealed class BusyServerTests : IAsyncLifetime
{
    private WickTestServer? _server;

    private WickTestServer Server => _server!;

    public async ValueTask InitializeAsync() => _server = await WickTestServer.StartAsync(
        TestContext.Current.CancellationToken,
        options =>
        {
            options.MaxSequences = 1;
            options.MaxQueuedRequests = 1;
            options.QueueWaitTimeoutSeconds = 1;
            options.ContextSize = 16384; // a request with ignore_eos runs for seconds
        });

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();

    [Fact(Timeout = 30_000)]
    public async Task A_full_queue_gets_429_with_retry_after_and_a_queued_stream_times_out_with_an_error_event()
    {
        var ct = TestContext.Current.CancellationToken;
        var before = Server.Model.Engine.GetMetrics();
        using var http = Server.CreateClient();
        var running = await StartRunningStreamAsync(http, ct);
        using var queued = await Api.SendStreamingAsync(http, "v1/completions", LongCompletion(stream: true), ct); // headers = submitted

        var (status, error, response) = await Api.PostAsync(http, "v1/completions", Api.Completion("2+2="), ct);
        var queuedEvents = await Sse.ReadAllAsync(queued, ct);
        await running.DisposeAsync();
        await Server.Model.Engine.WhenIdleAsync(ct);

        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Api.AssertError(error, "rate_limit_error", "engine_overloaded");
        Assert.True(int.Parse(response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Equal(["[DONE]"], queuedEvents[^1..]);
        Api.AssertError(Sse.Json(queuedEvents).Single(), "server_error", "queue_timeout");
        var after = Server.Model.Engine.GetMetrics();
        Assert.Equal(1, after.Rejections - before.Rejections);
        Assert.Equal(1, after.QueueTimeouts - before.QueueTimeouts);
        AssertNothingHeld(after);
        response.Dispose();
    }

    [Fact(Timeout = 30_000)]
    public async Task A_request_that_waits_past_the_queue_deadline_gets_503_with_retry_after()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = Server.CreateClient();
        var running = await StartRunningStreamAsync(http, ct);

        var (status, error, response) = await Api.PostAsync(http, "v1/chat/completions", Api.Chat("2+2="), ct);
        await running.DisposeAsync();
        await Server.Model.Engine.WhenIdleAsync(ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Api.AssertError(error, "server_error", "queue_timeout");
        Assert.True(response.Headers.Contains("Retry-After"));
        AssertNothingHeld(Server.Model.Engine.GetMetrics());
        response.Dispose();
    }

    [Fact(Timeout = 30_000)]
    public async Task A_client_that_disconnects_mid_stream_frees_its_sequence()
    {
        var ct = TestContext.Current.CancellationToken;
        var before = Server.Model.Engine.GetMetrics();
        using var http = Server.CreateClient();
        var running = await StartRunningStreamAsync(http, ct);
        var during = Server.Model.Engine.GetMetrics();

        await running.DisposeAsync();
        await Server.Model.Engine.WhenIdleAsync(ct);

        Assert.Equal(1, during.RunningRequests);
        Assert.True(during.KvCellsInUse > 0);
        var after = Server.Model.Engine.GetMetrics();
        Assert.Equal(1, after.FinishedCancelled - before.FinishedCancelled);
        Assert.Equal(0, after.FinishedLength - before.FinishedLength); // it was stopped, not run to its end
        AssertNothingHeld(after);
        var scraped = await MetricsText.ScrapeAsync(http, ct);
        Assert.Equal(0, scraped["vllm:kv_cache_usage_perc{"]);
        Assert.Equal(0, scraped["vllm:num_requests_running{"]);
        Assert.Equal(0, scraped["vllm:num_requests_waiting{"]);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_client_that_disconnects_while_queued_leaves_the_queue_at_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var before = Server.Model.Engine.GetMetrics();
        using var http = Server.CreateClient();
        var running = await StartRunningStreamAsync(http, ct);
        using var gone = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var queued = http.PostAsync("v1/chat/completions", Api.Json(Api.Chat("2+2=")), gone.Token);
        await Eventually.TrueAsync(() => Server.Model.Engine.GetMetrics().WaitingRequests == 1, "the second request to queue", ct);

        await gone.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
        await Eventually.TrueAsync(() => Server.Model.Engine.GetMetrics().WaitingRequests == 0, "the queue to empty while the first request still runs", ct);
        var whileRunning = Server.Model.Engine.GetMetrics();
        await running.DisposeAsync();
        await Server.Model.Engine.WhenIdleAsync(ct);

        Assert.Equal(1, whileRunning.RunningRequests);
        var after = Server.Model.Engine.GetMetrics();
        Assert.Equal(2, after.FinishedCancelled - before.FinishedCancelled);
        Assert.Equal(0, after.QueueTimeouts - before.QueueTimeouts);
        AssertNothingHeld(after);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_non_streaming_client_that_gives_up_mid_generation_frees_its_sequence()
    {
        var ct = TestContext.Current.CancellationToken;
        var before = Server.Model.Engine.GetMetrics();
        using var http = Server.CreateClient();
        using var gone = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var request = http.PostAsync("v1/chat/completions", Api.Json(LongChat()), gone.Token);
        await Eventually.TrueAsync(() => Server.Model.Engine.GetMetrics().GenerationTokens > before.GenerationTokens, "the request to generate", ct);

        await gone.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        await Server.Model.Engine.WhenIdleAsync(ct);

        var after = Server.Model.Engine.GetMetrics();
        Assert.Equal(1, after.FinishedCancelled - before.FinishedCancelled);
        AssertNothingHeld(after);
    }

    private static void AssertNothingHeld(EngineMetrics metrics)
    {
        Assert.Equal(0, metrics.RunningRequests);
        Assert.Equal(0, metrics.WaitingRequests);
        Assert.Equal(0, metrics.KvCellsInUse);
        Assert.Equal(0, metrics.KvCacheUsage);
    }

    private static JsonObject LongCompletion(bool stream)
    {
        var body = Api.Completion("2+2=", maxTokens: 1_000_000);
        body["ignore_eos"] = true;
        body["stream"] = stream;
        return body;
    }

    private static JsonObject LongChat()
    {
        var body = Api.Chat("2+2=", maxTokens: 1_000_000);
        body["ignore_eos"] = true;
        return body;
    }

    /// <summary>A streamed request that holds the only slot; it returns once its first token arrived.</summary>
    private static async Task<RunningStream> StartRunningStreamAsync(HttpClient http, CancellationToken ct)
    {
        var response = await Api.SendStreamingAsync(http, "v1/completions", LongCompletion(stream: true), ct);
        var events = Sse.ReadAsync(response, ct).GetAsyncEnumerator(ct);
        Assert.True(await events.MoveNextAsync(), "the long request ended before its first token");
        Assert.DoesNotContain("error", events.Current, StringComparison.Ordinal);
        return new RunningStream(response, events);
    }

    /// <summary>Disposing it is the client going away mid-stream.</summary>
    private sealed class RunningStream(HttpResponseMessage response, IAsyncEnumerator<string> events) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            response.Dispose();
            await events.DisposeAsync();
        }
    }
}

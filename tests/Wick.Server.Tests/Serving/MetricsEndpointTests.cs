using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wick.Server.Tests.Support;
using Wick.TestSupport.Server;

namespace Wick.Server.Tests.Serving;

/// <summary><c>/metrics</c> on a server of its own: its counters move by exactly what the test did.</summary>
public sealed class MetricsEndpointTests : IAsyncLifetime
{
    private WickTestServer? _server;

    private WickTestServer Server => _server!;

    public async ValueTask InitializeAsync() => _server = await WickTestServer.StartAsync(TestContext.Current.CancellationToken, options => options.ModelAlias = "tiny \"quoted\"");

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();

    [Fact(Timeout = 30_000)]
    public async Task Metrics_count_the_requests_and_tokens_the_responses_reported()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = Server.CreateClient();
        await Server.Model.Engine.WhenIdleAsync(ct);
        var before = await MetricsText.ScrapeAsync(http, ct);

        var usages = new List<JsonElement>();
        var (_, chat, _) = await Api.PostAsync(http, "v1/chat/completions", Api.Chat("2+2="), ct);
        usages.Add(chat.GetProperty("usage"));
        var (_, completion, _) = await Api.PostAsync(http, "v1/completions", Api.Completion("7+8=", maxTokens: 1), ct);
        usages.Add(completion.GetProperty("usage"));
        var streamed = Api.Chat("19+46=");
        streamed["stream"] = true;
        streamed["stream_options"] = new JsonObject { ["include_usage"] = true };
        using (var response = await Api.SendStreamingAsync(http, "v1/chat/completions", streamed, ct))
        {
            usages.Add(Sse.Json(await Sse.ReadAllAsync(response, ct))[^1].GetProperty("usage"));
        }

        var (badStatus, _, _) = await Api.PostAsync(http, "v1/completions", new JsonObject { ["prompt"] = "1", ["temperature"] = 9 }, ct);
        await Server.Model.Engine.WhenIdleAsync(ct);
        var after = await MetricsText.ScrapeAsync(http, ct);

        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
        foreach (var name in new[]
                 {
                     "vllm:num_requests_running", "vllm:num_requests_waiting", "vllm:kv_cache_usage_perc", "vllm:prompt_tokens_total",
                     "vllm:generation_tokens_total", "vllm:request_success_total", "vllm:time_to_first_token_seconds_bucket",
                     "vllm:inter_token_latency_seconds_count", "vllm:e2e_request_latency_seconds_sum", "vllm:num_preemptions_total",
                 })
        {
            Assert.Contains(name, after.Names);
        }

        Assert.Contains("model_name=\"tiny 'quoted'\"", after.Text, StringComparison.Ordinal);
        Assert.Equal(usages.Sum(u => u.GetProperty("prompt_tokens").GetInt32()), Delta("vllm:prompt_tokens_total{"));
        Assert.Equal(usages.Sum(u => u.GetProperty("completion_tokens").GetInt32()), Delta("vllm:generation_tokens_total{"));
        Assert.Equal(2, Delta("vllm:request_success_total{model_name=\"tiny 'quoted'\",finished_reason=\"stop\"}"));
        Assert.Equal(1, Delta("vllm:request_success_total{model_name=\"tiny 'quoted'\",finished_reason=\"length\"}"));
        Assert.Equal(3, Delta("vllm:e2e_request_latency_seconds_count{"));
        Assert.Equal(3, Delta("vllm:time_to_first_token_seconds_count{"));
        Assert.Equal(0, after["vllm:num_requests_running{"]);
        Assert.Equal(0, after["vllm:num_requests_waiting{"]);
        Assert.Equal(0, after["vllm:kv_cache_usage_perc{"]);
        Assert.Equal(1, after["wick_engine_healthy{"]);
        Assert.True(after.ValueOr("wick_http_responses_total{code=\"200\"}", 0) - before.ValueOr("wick_http_responses_total{code=\"200\"}", 0) >= 3);
        Assert.True(after.ValueOr("wick_http_responses_total{code=\"400\"}", 0) >= 1);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", (await http.GetAsync("metrics", ct)).Content.Headers.ContentType?.ToString());

        double Delta(string prefix) => after[prefix] - before[prefix];
    }

    [Fact(Timeout = 30_000)]
    public async Task Readiness_reports_the_reason_while_not_ready()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = Server.CreateClient();
        Server.Readiness.MarkNotReady("warming up for the test");

        using var notReady = await http.GetAsync("health/ready", ct);
        using var stillLive = await http.GetAsync("health", ct);
        Server.Readiness.MarkReady();
        using var ready = await http.GetAsync("health/ready", ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        var body = await Api.ParseAsync(notReady, ct);
        Assert.Equal("not_ready", body.GetProperty("status").GetString());
        Assert.Equal("warming up for the test", body.GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.OK, stillLive.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }
}

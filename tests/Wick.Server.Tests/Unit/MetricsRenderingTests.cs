using Microsoft.Extensions.Time.Testing;
using Wick.Core.ParkingLot;
using Wick.Server.Metrics;
using Wick.Server.Tests.Support;

namespace Wick.Server.Tests.Unit;

public sealed class MetricsRenderingTests
{
    [Fact]
    public void Histogram_buckets_are_cumulative_with_an_inf_bucket_sum_and_count()
    {
        var histogram = new Histogram("h_seconds", "Help text.", [0.1, 1]);
        histogram.Observe(0.05);
        histogram.Observe(0.1);
        histogram.Observe(0.5);
        histogram.Observe(7);
        var text = new System.Text.StringBuilder();

        histogram.WriteTo(text, "model_name=\"m\"");

        Assert.Equal(4, histogram.Count);
        Assert.Equal(
            "# HELP h_seconds Help text.\n# TYPE h_seconds histogram\n"
            + "h_seconds_bucket{model_name=\"m\",le=\"0.1\"} 2\n"
            + "h_seconds_bucket{model_name=\"m\",le=\"1\"} 3\n"
            + "h_seconds_bucket{model_name=\"m\",le=\"+Inf\"} 4\n"
            + "h_seconds_sum{model_name=\"m\"} 7.65\n"
            + "h_seconds_count{model_name=\"m\"} 4\n",
            text.ToString());
    }

    [Fact]
    public void Render_exposes_engine_gauges_counters_and_responses_by_status()
    {
        var metrics = new ServerMetrics();
        metrics.CountResponse(200);
        metrics.CountResponse(200);
        metrics.CountResponse(429);
        var engine = new EngineMetrics
        {
            QueuedRequests = 2,
            PreemptedRequests = 1,
            RunningRequests = 3,
            KvCellsInUse = 64,
            KvCapacity = 256,
            PromptTokens = 100,
            GenerationTokens = 40,
            FinishedStop = 5,
            FinishedLength = 6,
            Rejections = 7,
            QueueTimeouts = 8,
            StepTimeouts = 9,
            IsHealthy = false,
        };

        var text = new MetricsText(metrics.Render("my\"model", engine));

        Assert.Equal(2, metrics.ResponsesWithStatus(200));
        Assert.Equal(0, metrics.ResponsesWithStatus(500));
        Assert.Equal(3, text["vllm:num_requests_running{model_name=\"my'model\"}"]);
        Assert.Equal(3, text["vllm:num_requests_waiting{"]);
        Assert.Equal(0.25, text["vllm:kv_cache_usage_perc{"]);
        Assert.Equal(100, text["vllm:prompt_tokens_total{"]);
        Assert.Equal(40, text["vllm:generation_tokens_total{"]);
        Assert.Equal(5, text["vllm:request_success_total{model_name=\"my'model\",finished_reason=\"stop\"}"]);
        Assert.Equal(6, text["vllm:request_success_total{model_name=\"my'model\",finished_reason=\"length\"}"]);
        Assert.Equal(7, text["wick_rejections_total{"]);
        Assert.Equal(8, text["wick_queue_timeouts_total{"]);
        Assert.Equal(9, text["wick_step_timeouts_total{"]);
        Assert.Equal(0, text["wick_engine_healthy{"]);
        Assert.Equal(2, text["wick_http_responses_total{code=\"200\"}"]);
        Assert.Equal(1, text["wick_http_responses_total{code=\"429\"}"]);
        Assert.Contains("# TYPE vllm:e2e_request_latency_seconds histogram", text.Text, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => metrics.Render("m", null!));
    }

    [Fact]
    public void Latency_recorder_observes_first_token_gaps_and_the_whole_request()
    {
        var time = new FakeTimeProvider();
        var metrics = new ServerMetrics();
        var latency = new LatencyRecorder(metrics, time);

        time.Advance(TimeSpan.FromMilliseconds(30));
        latency.OnToken();
        time.Advance(TimeSpan.FromMilliseconds(5));
        latency.OnToken();
        time.Advance(TimeSpan.FromMilliseconds(5));
        latency.OnToken();
        latency.OnFinished();

        var text = new MetricsText(metrics.Render("m", new EngineMetrics()));
        Assert.Equal(1, text["vllm:time_to_first_token_seconds_count{"]);
        Assert.Equal(0.03, text["vllm:time_to_first_token_seconds_sum{"], 6);
        Assert.Equal(2, text["vllm:inter_token_latency_seconds_count{"]);
        Assert.Equal(0.01, text["vllm:inter_token_latency_seconds_sum{"], 6);
        Assert.Equal(0.04, text["vllm:e2e_request_latency_seconds_sum{"], 6);
    }
}

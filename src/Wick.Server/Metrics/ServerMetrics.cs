using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Wick.Core.ParkingLot;

namespace Wick.Server.Metrics;

/// <summary>
/// Prometheus metrics in text format: vLLM's names where they mean the same thing (so existing dashboards and the
/// Gateway API Inference Extension can read them), Wick's own for faults. Gauges and engine counters come from the
/// engine's snapshot at scrape time; latencies are observed by the HTTP layer as clients see them.
/// </summary>
internal sealed class ServerMetrics
{
    private static readonly double[] LatencyBounds = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 20, 40, 80];

    private readonly ConcurrentDictionary<int, long> _responsesByStatus = new();

    public Histogram TimeToFirstToken { get; } = new("vllm:time_to_first_token_seconds", "Time to first token in seconds.", LatencyBounds);

    public Histogram InterTokenLatency { get; } = new("vllm:inter_token_latency_seconds", "Time between consecutive output tokens in seconds.", LatencyBounds);

    public Histogram EndToEndLatency { get; } = new("vllm:e2e_request_latency_seconds", "End-to-end request latency in seconds.", LatencyBounds);

    public void CountResponse(int status) => _responsesByStatus.AddOrUpdate(status, 1, static (_, n) => n + 1);

    public long ResponsesWithStatus(int status) => _responsesByStatus.GetValueOrDefault(status);

    public string Render(string modelId, EngineMetrics engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var labels = $"model_name=\"{modelId.Replace("\"", "'", StringComparison.Ordinal)}\"";
        var text = new StringBuilder(4096);
        Gauge(text, "vllm:num_requests_running", "Requests running on the device.", labels, engine.RunningRequests);
        Gauge(text, "vllm:num_requests_waiting", "Requests waiting to run (queued or preempted).", labels, engine.WaitingRequests);
        Gauge(text, "vllm:kv_cache_usage_perc", "Fraction of KV cache cells in use (0-1).", labels, engine.KvCacheUsage);
        Counter(text, "vllm:prompt_tokens_total", "Prompt tokens processed.", labels, engine.PromptTokens);
        Counter(text, "vllm:generation_tokens_total", "Tokens generated.", labels, engine.GenerationTokens);
        Counter(text, "vllm:num_preemptions_total", "Sequences preempted because the KV cache was full.", labels, engine.Preemptions);
        text.Append("# HELP vllm:request_success_total Finished requests by finish reason.\n# TYPE vllm:request_success_total counter\n");
        text.Append(CultureInfo.InvariantCulture, $"vllm:request_success_total{{{labels},finished_reason=\"stop\"}} {engine.FinishedStop}\n");
        text.Append(CultureInfo.InvariantCulture, $"vllm:request_success_total{{{labels},finished_reason=\"length\"}} {engine.FinishedLength}\n");
        TimeToFirstToken.WriteTo(text, labels);
        InterTokenLatency.WriteTo(text, labels);
        EndToEndLatency.WriteTo(text, labels);
        Gauge(text, "wick_kv_cells_in_use", "KV cells the device holds.", labels, engine.KvCellsInUse);
        Gauge(text, "wick_kv_capacity", "KV cells in all.", labels, engine.KvCapacity);
        Gauge(text, "wick_engine_healthy", "1 when the engine loop is alive and the watchdog is not tripped.", labels, engine.IsHealthy ? 1 : 0);
        Counter(text, "wick_steps_total", "Device steps run.", labels, engine.Steps);
        Counter(text, "wick_step_timeouts_total", "Device steps aborted by the watchdog.", labels, engine.StepTimeouts);
        Counter(text, "wick_step_aborts_total", "Device steps aborted to drop a cancelled request.", labels, engine.StepAborts);
        Counter(text, "wick_step_failures_total", "Device steps that failed with a device error or exception.", labels, engine.StepFailures);
        Counter(text, "wick_rejections_total", "Requests refused because the queue was full (429).", labels, engine.Rejections);
        Counter(text, "wick_queue_timeouts_total", "Requests that waited past the queue deadline (503).", labels, engine.QueueTimeouts);
        Counter(text, "wick_requests_cancelled_total", "Requests cancelled (client gone, deadline, shutdown).", labels, engine.FinishedCancelled);
        Counter(text, "wick_requests_failed_total", "Requests that ended with an error.", labels, engine.FinishedError);
        text.Append("# HELP wick_http_responses_total HTTP responses by status code.\n# TYPE wick_http_responses_total counter\n");
        foreach (var (status, count) in _responsesByStatus.OrderBy(p => p.Key))
        {
            text.Append(CultureInfo.InvariantCulture, $"wick_http_responses_total{{code=\"{status}\"}} {count}\n");
        }

        return text.ToString();
    }

    private static void Gauge(StringBuilder text, string name, string help, string labels, double value) =>
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} gauge\n{name}{{{labels}}} {value}\n");

    private static void Counter(StringBuilder text, string name, string help, string labels, long value) =>
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} counter\n{name}{{{labels}}} {value}\n");
}

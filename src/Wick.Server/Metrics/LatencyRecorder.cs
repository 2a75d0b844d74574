namespace Wick.Server.Metrics;

/// <summary>Observes one request's latencies as its client sees them: first token, gaps between tokens, whole request.</summary>
internal sealed class LatencyRecorder(ServerMetrics metrics, TimeProvider time)
{
    private readonly long _started = time.GetTimestamp();
    private long _lastToken;

    public void OnToken()
    {
        var now = time.GetTimestamp();
        if (_lastToken == 0)
        {
            metrics.TimeToFirstToken.Observe(time.GetElapsedTime(_started, now).TotalSeconds);
        }
        else
        {
            metrics.InterTokenLatency.Observe(time.GetElapsedTime(_lastToken, now).TotalSeconds);
        }

        _lastToken = now;
    }

    public void OnFinished() => metrics.EndToEndLatency.Observe(time.GetElapsedTime(_started).TotalSeconds);
}

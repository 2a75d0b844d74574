namespace Wick.Bench.Measurement;

/// <summary>The figures of one phase: latencies (ms) and throughputs over the run's wall time.</summary>
internal sealed record RunSummary(
    int Requests,
    int Failed,
    double DurationSeconds,
    int PromptTokens,
    int OutputTokens,
    double RequestThroughput,
    double OutputTokenThroughput,
    LatencyStats Ttft,
    LatencyStats Tpot,
    LatencyStats Itl,
    LatencyStats EndToEnd,
    string? FirstError)
{
    /// <summary>Summarises <paramref name="records"/>; the wall time runs from the first send to the last byte.</summary>
    public static RunSummary From(IReadOnlyList<RequestRecord> records)
    {
        var ok = records.Where(r => r.Succeeded).ToList();
        var duration = records.Count == 0 ? 0 : records.Max(r => r.End) - records.Min(r => r.Start);
        var outputTokens = ok.Sum(r => r.OutputTokens);
        var itl = ok.SelectMany(r => r.TokenTimes.Zip(r.TokenTimes.Skip(1), (a, b) => b - a));
        return new RunSummary(
            records.Count,
            records.Count - ok.Count,
            duration,
            ok.Sum(r => r.PromptTokens),
            outputTokens,
            duration > 0 ? ok.Count / duration : double.NaN,
            duration > 0 ? outputTokens / duration : double.NaN,
            LatencyStats.FromSeconds(ok.Select(r => r.Ttft)),
            LatencyStats.FromSeconds(ok.Select(r => r.Tpot)),
            LatencyStats.FromSeconds(itl),
            LatencyStats.FromSeconds(ok.Select(r => r.EndToEnd)),
            records.FirstOrDefault(r => r.Error is not null)?.Error
                ?? (ok.Count < records.Count ? "a request finished without output tokens" : null));
    }
}

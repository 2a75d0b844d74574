namespace Wick.Bench.Measurement;

/// <summary>Mean and percentiles of one latency, in milliseconds.</summary>
internal sealed record LatencyStats(int Count, double Mean, double P50, double P90, double P99, double Max)
{
    public static LatencyStats Empty { get; } = new(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);

    /// <summary>From values in seconds; NaN values are skipped. Percentiles interpolate linearly between ranks (numpy's default).</summary>
    public static LatencyStats FromSeconds(IEnumerable<double> seconds)
    {
        var sorted = seconds.Where(v => !double.IsNaN(v)).Select(v => v * 1000.0).Order().ToArray();
        if (sorted.Length == 0)
        {
            return Empty;
        }

        return new LatencyStats(sorted.Length, sorted.Average(), Percentile(sorted, 50), Percentile(sorted, 90), Percentile(sorted, 99), sorted[^1]);
    }

    internal static double Percentile(double[] sorted, double percent)
    {
        var rank = percent / 100.0 * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + ((sorted[high] - sorted[low]) * (rank - low));
    }
}

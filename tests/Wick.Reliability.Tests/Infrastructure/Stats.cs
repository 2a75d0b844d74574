namespace Wick.Reliability.Tests.Infrastructure;

/// <summary>Percentiles and a least-squares slope, enough for latency reports and memory-growth checks.</summary>
internal static class Stats
{
    /// <summary>Nearest-rank percentile of <paramref name="values"/> (p in 0..100); NaN when there are none.</summary>
    public static double Percentile(IReadOnlyCollection<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    /// <summary>Least-squares slope of y over x; 0 with fewer than two points.</summary>
    public static double Slope(IReadOnlyList<(double X, double Y)> points)
    {
        if (points.Count < 2)
        {
            return 0;
        }

        var meanX = points.Average(p => p.X);
        var meanY = points.Average(p => p.Y);
        var covariance = points.Sum(p => (p.X - meanX) * (p.Y - meanY));
        var variance = points.Sum(p => (p.X - meanX) * (p.X - meanX));
        return variance == 0 ? 0 : covariance / variance;
    }

    public static double Round(double value, int digits = 1) => double.IsFinite(value) ? Math.Round(value, digits) : value;

    public static object Latency(IReadOnlyCollection<double> milliseconds) => new
    {
        count = milliseconds.Count,
        p50_ms = Round(Percentile(milliseconds, 50)),
        p90_ms = Round(Percentile(milliseconds, 90)),
        p99_ms = Round(Percentile(milliseconds, 99)),
        max_ms = Round(milliseconds.Count == 0 ? double.NaN : milliseconds.Max()),
    };
}

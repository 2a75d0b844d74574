using System.Globalization;
using System.Text;

namespace Wick.Server.Metrics;

/// <summary>A thread-safe Prometheus histogram (cumulative buckets, sum, count) with fixed upper bounds.</summary>
internal sealed class Histogram(string name, string help, double[] bounds)
{
    private readonly long[] _counts = new long[bounds.Length + 1];
    private readonly Lock _gate = new();
    private double _sum;
    private long _count;

    public long Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    public void Observe(double value)
    {
        var bucket = Array.FindIndex(bounds, b => value <= b);
        lock (_gate)
        {
            _counts[bucket < 0 ? bounds.Length : bucket]++;
            _sum += value;
            _count++;
        }
    }

    public void WriteTo(StringBuilder text, string labels)
    {
        lock (_gate)
        {
            text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} histogram\n");
            long cumulative = 0;
            for (var i = 0; i < bounds.Length; i++)
            {
                cumulative += _counts[i];
                text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{{labels},le=\"{bounds[i]}\"}} {cumulative}\n");
            }

            text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{{labels},le=\"+Inf\"}} {_count}\n");
            text.Append(CultureInfo.InvariantCulture, $"{name}_sum{{{labels}}} {_sum}\n{name}_count{{{labels}}} {_count}\n");
        }
    }
}

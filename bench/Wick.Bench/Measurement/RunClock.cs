using System.Diagnostics;

namespace Wick.Bench.Measurement;

/// <summary>Seconds since a run started, from the high-resolution timestamp counter.</summary>
internal sealed class RunClock
{
    private readonly long start = Stopwatch.GetTimestamp();

    public double Now => Stopwatch.GetElapsedTime(start).TotalSeconds;
}

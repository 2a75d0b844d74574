namespace Wick.Bench.Workload;

/// <summary>Send times (seconds from the start) of a Poisson process: exponential gaps with mean 1/rate, fixed seed.</summary>
internal static class ArrivalSchedule
{
    public static double[] Poisson(int count, double rate, int seed)
    {
        var random = new Random(seed);
        var times = new double[count];
        var t = 0.0;
        for (var i = 0; i < count; i++)
        {
            times[i] = t;
            t += -Math.Log(1.0 - random.NextDouble()) / rate;
        }

        return times;
    }
}

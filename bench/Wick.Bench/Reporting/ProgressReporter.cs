using System.Diagnostics;
using System.Globalization;
using Wick.Bench.Measurement;

namespace Wick.Bench.Reporting;

/// <summary>
/// Progress of one phase: on a terminal a line redrawn in place twice a second; otherwise (a log, CI) a plain line
/// at most every five seconds. Thread-safe.
/// </summary>
internal sealed class ProgressReporter : IDisposable
{
    private readonly string label;
    private readonly int total;
    private readonly bool interactive = !Console.IsOutputRedirected;
    private readonly Stopwatch watch = Stopwatch.StartNew();
    private readonly Timer timer;
    private readonly Lock gate = new();
    private int done;
    private int failed;
    private long tokens;
    private bool disposed;

    public ProgressReporter(string label, int total)
    {
        this.label = label;
        this.total = total;
        var period = interactive ? TimeSpan.FromMilliseconds(500) : TimeSpan.FromSeconds(5);
        timer = new Timer(_ => Print(final: false), null, period, period);
    }

    public void OnDone(RequestRecord record)
    {
        Interlocked.Increment(ref done);
        Interlocked.Add(ref tokens, record.OutputTokens);
        if (!record.Succeeded)
        {
            Interlocked.Increment(ref failed);
        }
    }

    public void Dispose()
    {
        timer.Dispose();
        Print(final: true);
    }

    private void Print(bool final)
    {
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            disposed = final;
            var seconds = watch.Elapsed.TotalSeconds;
            var line = string.Create(
                CultureInfo.InvariantCulture,
                $"  {label}: {Volatile.Read(ref done)}/{total} requests, {Interlocked.Read(ref tokens)} tokens, {seconds:0.0} s, {Interlocked.Read(ref tokens) / Math.Max(seconds, 1e-9):0.0} tok/s{(failed > 0 ? $", {failed} failed" : "")}");
            if (interactive)
            {
                Console.Write("\r" + line.PadRight(Math.Max(line.Length, Console.WindowWidth > 0 ? Math.Min(Console.WindowWidth - 1, 120) : 0)));
                if (final)
                {
                    Console.WriteLine();
                }
            }
            else
            {
                Console.WriteLine(line);
            }
        }
    }
}

using System.Diagnostics;

namespace Wick.Reliability.Tests.Infrastructure;

/// <summary>Bounded waits on a condition: poll it, fail with what was awaited when the bound passes. Never a bare sleep.</summary>
internal static class Wait
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(10);

    public static Task<TimeSpan> UntilAsync(Func<bool> condition, TimeSpan limit, string what, CancellationToken cancellationToken) =>
        UntilAsync(() => Task.FromResult(condition()), limit, what, cancellationToken);

    /// <summary>Returns how long the condition took to hold.</summary>
    public static async Task<TimeSpan> UntilAsync(Func<Task<bool>> condition, TimeSpan limit, string what, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await condition().ConfigureAwait(false))
            {
                return clock.Elapsed;
            }

            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"Waited {limit.TotalSeconds:0.#} s for {what}.");
            }

            await Task.Delay(Interval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits for <paramref name="condition"/> as long as <paramref name="progress"/> keeps moving: fails only when it stood
    /// still for <paramref name="stall"/>, so a slow or busy machine makes the wait longer, never a false failure, while a
    /// stuck engine still fails within the bound. Returns how long the condition took to hold.
    /// </summary>
    public static async Task<TimeSpan> WhileProgressingAsync(Func<bool> condition, Func<long> progress, TimeSpan stall, string what, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var still = Stopwatch.StartNew();
        var last = progress();
        while (!condition())
        {
            var now = progress();
            if (now != last)
            {
                (last, still) = (now, Stopwatch.StartNew());
            }
            else if (still.Elapsed > stall)
            {
                throw new TimeoutException($"Waited for {what}: no progress for {stall.TotalSeconds:0.#} s (at {now}).");
            }

            await Task.Delay(Interval, cancellationToken).ConfigureAwait(false);
        }

        return clock.Elapsed;
    }
}

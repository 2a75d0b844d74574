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
}

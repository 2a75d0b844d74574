using System.Globalization;

namespace Wick.Server.Hosting;

/// <summary>
/// Shows that a model is loading: on a terminal, a spinner with the elapsed time that ends in a "loaded" line; anywhere
/// else (logs, pipes, CI) just the final line, so log files carry no carriage-return noise.
/// </summary>
internal static class LoadProgress
{
    private static readonly string[] Frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

    public static async Task<T> ShowAsync<T>(Task<T> loading, string what, TextWriter output, bool isTerminal, TimeProvider time)
    {
        var started = time.GetTimestamp();
        if (isTerminal)
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100), time);
            var frame = 0;
            while (!loading.IsCompleted)
            {
                await output.WriteAsync($"\r{Frames[frame++ % Frames.Length]} Loading {what}… {Seconds(time, started)} s").ConfigureAwait(false);
                await Task.WhenAny(loading, timer.WaitForNextTickAsync().AsTask()).ConfigureAwait(false);
            }

            await output.WriteAsync('\r').ConfigureAwait(false);
        }

        var result = await loading.ConfigureAwait(false);
        await output.WriteLineAsync($"Loaded {what} in {Seconds(time, started)} s").ConfigureAwait(false);
        return result;
    }

    private static string Seconds(TimeProvider time, long started) =>
        time.GetElapsedTime(started).TotalSeconds.ToString("F1", CultureInfo.InvariantCulture);
}

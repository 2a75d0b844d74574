using System.Globalization;
using System.Text;
using Wick.Hub.Download;

namespace Wick.Hub.Cli;

/// <summary>
/// Shows download progress. On a terminal, one redrawn line per file with a bar, percentage, sizes, speed and ETA (at
/// most ten redraws a second); otherwise plain lines a log can keep: the start, every tenth of the file, resumes and the
/// end. Reports must come from one download at a time (a pull downloads its files one after another).
/// </summary>
public sealed class ProgressPrinter : IProgress<DownloadProgress>
{
    private const int BarWidth = 24;
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(100);
    private readonly TextWriter writer;
    private readonly bool terminal;
    private readonly TimeProvider time;
    private readonly Dictionary<string, int> tenthsShown = new(StringComparer.Ordinal);
    private readonly HashSet<string> verifying = new(StringComparer.Ordinal);
    private int openLineLength = -1;
    private long lastDraw;

    public ProgressPrinter(TextWriter writer, bool isTerminal)
        : this(writer, isTerminal, TimeProvider.System)
    {
    }

    internal ProgressPrinter(TextWriter writer, bool isTerminal, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(writer);
        this.writer = writer;
        terminal = isTerminal;
        this.time = time;
    }

    public void Report(DownloadProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        switch (value.Stage)
        {
            case DownloadStage.Downloading when terminal:
                Draw(value);
                break;
            case DownloadStage.Downloading:
                Plain(value);
                break;
            case DownloadStage.Resuming:
                Line($"{value.File}: the transfer was cut at {Units.Bytes(value.BytesDone)}; resuming");
                break;
            case DownloadStage.WaitingForLock:
                Line($"{value.File}: waiting for another download of this file to finish");
                break;
            case DownloadStage.Verifying when verifying.Add(value.File):
                Line($"{value.File}: verifying ({Units.Bytes(value.TotalBytes)})");
                break;
            case DownloadStage.Completed:
                if (terminal)
                {
                    Draw(value with { Stage = DownloadStage.Downloading }, force: true);
                }

                Line($"{value.File}: done ({Units.Bytes(value.TotalBytes)})");
                break;
            case DownloadStage.Reused:
                Line($"{value.File}: already in the cache ({Units.Bytes(value.TotalBytes)})");
                break;
        }
    }

    private void Draw(DownloadProgress value, bool force = false)
    {
        if (!force && openLineLength >= 0 && value.BytesDone < value.TotalBytes && time.GetElapsedTime(lastDraw) < RedrawInterval)
        {
            return;
        }

        lastDraw = time.GetTimestamp();
        var fraction = value.TotalBytes > 0 ? (double)value.BytesDone / value.TotalBytes : 1;
        var filled = (int)(fraction * BarWidth);
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{value.File} [{new string('#', filled)}{new string('.', BarWidth - filled)}] {fraction * 100,3:0}% ")
            .Append(CultureInfo.InvariantCulture, $"{Units.Bytes(value.BytesDone)}/{Units.Bytes(value.TotalBytes)} ")
            .Append(CultureInfo.InvariantCulture, $"{Units.Bytes(value.BytesPerSecond)}/s ETA {(value.Eta is { } eta ? Units.Duration(eta) : "--:--")}")
            .ToString();
        writer.Write("\r" + text.PadRight(Math.Max(openLineLength, 0)));
        writer.Flush();
        openLineLength = text.Length;
    }

    private void Plain(DownloadProgress value)
    {
        var tenths = value.TotalBytes > 0 ? (int)(value.BytesDone * 10 / value.TotalBytes) : 10;
        if (!tenthsShown.TryGetValue(value.File, out var shown))
        {
            var resume = value.BytesDone > 0 ? $", resuming at {Units.Bytes(value.BytesDone)}" : string.Empty;
            Line($"{value.File}: downloading {Units.Bytes(value.TotalBytes)} from {value.RepoId}{resume}");
            tenthsShown[value.File] = tenths;
            return;
        }

        if (tenths > shown)
        {
            tenthsShown[value.File] = tenths;
            var eta = value.Eta is { } e ? ", ETA " + Units.Duration(e) : string.Empty;
            Line($"{value.File}: {tenths * 10}% ({Units.Bytes(value.BytesDone)}/{Units.Bytes(value.TotalBytes)}, {Units.Bytes(value.BytesPerSecond)}/s{eta})");
        }
    }

    private void Line(string text)
    {
        if (openLineLength >= 0)
        {
            writer.WriteLine();
            openLineLength = -1;
        }

        writer.WriteLine(text);
        writer.Flush();
    }
}

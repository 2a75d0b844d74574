using Microsoft.Extensions.Time.Testing;
using Wick.Hub.Cli;
using Wick.Hub.Download;

namespace Wick.Hub.Tests;

public sealed class ProgressPrinterTests
{
    private const long Total = 1000;

    private static DownloadProgress At(DownloadStage stage, long done, double speed = 0, TimeSpan? eta = null, string file = "m.gguf") =>
        new("acme/m", file, stage, done, Total, speed, eta);

    private static string[] Lines(StringWriter writer) => writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void Plain_output_logs_the_start_each_tenth_and_the_end()
    {
        var writer = new StringWriter();
        var printer = new ProgressPrinter(writer, isTerminal: false);

        printer.Report(At(DownloadStage.Downloading, 0));
        printer.Report(At(DownloadStage.Downloading, 50));
        printer.Report(At(DownloadStage.Downloading, 500, speed: 2048, eta: TimeSpan.FromSeconds(65)));
        printer.Report(At(DownloadStage.Downloading, 520, speed: 2048));
        printer.Report(At(DownloadStage.Verifying, 0));
        printer.Report(At(DownloadStage.Verifying, 1000));
        printer.Report(At(DownloadStage.Completed, Total));

        Assert.Equal(
            [
                "m.gguf: downloading 1000 B from acme/m",
                "m.gguf: 50% (500 B/1000 B, 2.0 KiB/s, ETA 01:05)",
                "m.gguf: verifying (1000 B)",
                "m.gguf: done (1000 B)",
            ],
            Lines(writer));
    }

    [Fact]
    public void Plain_output_says_when_a_download_resumes_or_waits()
    {
        var writer = new StringWriter();
        var printer = new ProgressPrinter(writer, isTerminal: false);

        printer.Report(At(DownloadStage.WaitingForLock, 0));
        printer.Report(At(DownloadStage.Downloading, 300));
        printer.Report(At(DownloadStage.Resuming, 400));
        printer.Report(At(DownloadStage.Reused, Total, file: "other.gguf"));

        Assert.Equal(
            [
                "m.gguf: waiting for another download of this file to finish",
                "m.gguf: downloading 1000 B from acme/m, resuming at 300 B",
                "m.gguf: the transfer was cut at 400 B; resuming",
                "other.gguf: already in the cache (1000 B)",
            ],
            Lines(writer));
    }

    [Fact]
    public void Empty_file_counts_as_complete()
    {
        var writer = new StringWriter();
        var printer = new ProgressPrinter(writer, isTerminal: false);

        printer.Report(At(DownloadStage.Downloading, 0) with { TotalBytes = 0 });
        printer.Report(At(DownloadStage.Downloading, 0) with { TotalBytes = 0 });

        Assert.Single(Lines(writer));
    }

    [Fact]
    public void Terminal_output_redraws_one_bar_line_at_most_ten_times_a_second()
    {
        var writer = new StringWriter();
        var time = new FakeTimeProvider();
        var printer = new ProgressPrinter(writer, isTerminal: true, time);

        printer.Report(At(DownloadStage.Downloading, 0));
        printer.Report(At(DownloadStage.Downloading, 100));
        time.Advance(TimeSpan.FromMilliseconds(100));
        printer.Report(At(DownloadStage.Downloading, 500, speed: 1_500_000, eta: TimeSpan.FromHours(2.05)));
        printer.Report(At(DownloadStage.Completed, Total));

        var text = writer.ToString();
        Assert.Equal(3, text.Count(c => c == '\r'));
        Assert.Contains("m.gguf [........................]   0% 0 B/1000 B 0 B/s ETA --:--", text, StringComparison.Ordinal);
        Assert.DoesNotContain(" 10%", text, StringComparison.Ordinal);
        Assert.Contains("[############............]  50% 500 B/1000 B 1.4 MiB/s ETA 2:03:00", text, StringComparison.Ordinal);
        Assert.Contains("[########################] 100%", text, StringComparison.Ordinal);
        Assert.EndsWith("m.gguf: done (1000 B)" + Environment.NewLine, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Terminal_output_closes_the_bar_line_before_a_message()
    {
        var writer = new StringWriter();
        var printer = new ProgressPrinter(writer, isTerminal: true, new FakeTimeProvider());

        printer.Report(At(DownloadStage.Downloading, 100));
        printer.Report(At(DownloadStage.Resuming, 100));

        Assert.EndsWith(Environment.NewLine + "m.gguf: the transfer was cut at 100 B; resuming" + Environment.NewLine, writer.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(1023, "1023 B")]
    [InlineData(1536, "1.5 KiB")]
    [InlineData(5L * 1024 * 1024 * 1024, "5.0 GiB")]
    [InlineData(3L * 1024 * 1024 * 1024 * 1024 * 1024, "3072.0 TiB")]
    public void Sizes_are_shown_in_binary_units(long bytes, string text) =>
        Assert.Equal(text, Units.Bytes(bytes));

    [Theory]
    [InlineData(65, "01:05")]
    [InlineData(3600 * 2 + 184, "2:03:04")]
    public void Durations_are_shown_as_clock_time(int seconds, string text) =>
        Assert.Equal(text, Units.Duration(TimeSpan.FromSeconds(seconds)));
}

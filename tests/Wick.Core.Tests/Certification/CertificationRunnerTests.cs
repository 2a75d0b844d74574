using Microsoft.Extensions.Time.Testing;
using Wick.Core.Certification;
using System.Globalization;
using Wick.Core.Errors;

namespace Wick.Core.Tests.Certification;

public sealed class CertificationRunnerTests
{
    private static readonly CertificationProbe[] Sums =
    [
        new("sum 2+2", "2+2=", "4"),
        new("sum 3+5", "3+5=", "8"),
    ];

    private static string Evaluate(string prompt)
    {
        // A stand-in "model" that does the arithmetic, so expectations are computed, never hard-coded here.
        var parts = prompt.TrimEnd('=').Split('+');
        return (int.Parse(parts[0], CultureInfo.InvariantCulture) + int.Parse(parts[1], CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Run_passes_when_every_completion_matches()
    {
        var report = await CertificationRunner.RunAsync(Sums, (p, _, _) => Task.FromResult(" " + Evaluate(p) + "\n"), TimeSpan.FromSeconds(30), TimeProvider.System, TestContext.Current.CancellationToken);

        Assert.True(report.Passed);
        Assert.Equal(2, report.PassedCount);
        Assert.All(report.Results, r => Assert.Null(r.Error));
        Assert.Contains("CERTIFIED", report.ToTable(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_fails_and_names_the_probe_when_a_completion_is_wrong()
    {
        var report = await CertificationRunner.RunAsync(Sums, (p, _, _) => Task.FromResult(p == "3+5=" ? "9" : Evaluate(p)), TimeSpan.FromSeconds(30), TimeProvider.System, TestContext.Current.CancellationToken);

        Assert.False(report.Passed);
        var failed = Assert.Single(report.Results, r => !r.Passed);
        Assert.Equal("sum 3+5", failed.Probe.Name);
        Assert.Matches(@"sum 3\+5.*9.*FAIL", report.ToTable());
    }

    [Fact]
    public async Task Run_records_a_probe_error_as_a_failure_and_keeps_going()
    {
        var report = await CertificationRunner.RunAsync(
            Sums,
            (p, _, _) => p == "2+2=" ? Task.FromException<string>(new ProbeFileException("x", "boom")) : Task.FromResult(Evaluate(p)),
            TimeSpan.FromSeconds(30),
            TimeProvider.System,
            TestContext.Current.CancellationToken);

        Assert.False(report.Passed);
        Assert.Contains("boom", report.Results[0].Error, StringComparison.Ordinal);
        Assert.True(report.Results[1].Passed);
        Assert.Contains("error: ", report.ToTable(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_stops_at_the_time_limit_and_reports_it()
    {
        var time = new FakeTimeProvider();
        var report = await CertificationRunner.RunAsync(
            Sums,
            (p, _, _) =>
            {
                time.Advance(TimeSpan.FromSeconds(31));
                return Task.FromResult(Evaluate(p));
            },
            TimeSpan.FromSeconds(30),
            time,
            TestContext.Current.CancellationToken);

        Assert.True(report.TimedOut);
        Assert.False(report.Passed);
        Assert.Single(report.Results);
        Assert.Contains("time limit", report.ToTable(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_throws_when_the_caller_cancels()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            CertificationRunner.RunAsync(Sums, (p, _, _) => Task.FromResult(Evaluate(p)), TimeSpan.FromSeconds(30), TimeProvider.System, cts.Token));
    }

    [Fact]
    public void An_empty_probe_list_never_certifies()
    {
        var report = new CertificationReport([], TimeSpan.Zero, TimedOut: false);

        Assert.False(report.Passed);
    }

    [Theory]
    [InlineData("4", "4", true)]
    [InlineData("4", " 4 \n", true)]
    [InlineData("4", "44", false)]
    [InlineData("1[0-9]", "12", true)]
    [InlineData("4", "", false)]
    public void Matches_requires_the_whole_trimmed_completion_to_match(string pattern, string completion, bool expected)
    {
        Assert.Equal(expected, CertificationRunner.Matches(new CertificationProbe("p", "x", pattern), completion));
    }

    [Fact]
    public void Table_clips_long_fields_and_shows_line_breaks()
    {
        var probe = new CertificationProbe(new string('n', 40), "line\nbreak", "x");
        var report = new CertificationReport([new ProbeResult(probe, "a\r\nb", null, false, TimeSpan.FromMilliseconds(3))], TimeSpan.FromMilliseconds(3), false);

        var table = report.ToTable();

        Assert.Contains("…", table, StringComparison.Ordinal);
        Assert.Contains("a\\r\\nb", table, StringComparison.Ordinal);
        Assert.Contains("line\\nbr", table, StringComparison.Ordinal);
    }
}

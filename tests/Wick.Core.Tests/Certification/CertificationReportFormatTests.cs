using Microsoft.Extensions.Time.Testing;
using Wick.Core.Certification;

namespace Wick.Core.Tests.Certification;

/// <summary>The certification table is what people read when a build fails: its layout is part of the contract.</summary>
public sealed class CertificationReportFormatTests
{
    private static ProbeResult Result(string name, string? completion, string? error, bool passed, double ms = 1.5) =>
        new(new CertificationProbe(name, "1+1=", "2"), completion, error, passed, TimeSpan.FromMilliseconds(ms));

    [Fact]
    public void Table_has_a_header_one_row_per_probe_and_a_verdict_line()
    {
        var report = new CertificationReport([Result("ok", "2", null, true), Result("bad", "3", null, false)], TimeSpan.FromMilliseconds(12), TimedOut: false);

        var lines = report.ToTable().Split(Environment.NewLine);

        Assert.Equal("probe                    prompt       expect     got               ms  result", lines[0]);
        Assert.Equal("ok                       1+1=         2          2                1.5  PASS", lines[1]);
        Assert.Equal("bad                      1+1=         2          3                1.5  FAIL", lines[2]);
        Assert.Equal("1/2 probes passed in 12 ms: FAILED", lines[3]);
    }

    [Fact]
    public void A_probe_error_shows_as_error_in_the_got_column_and_on_its_own_line()
    {
        var report = new CertificationReport([Result("broken", null, "device lost", false)], TimeSpan.FromMilliseconds(3), TimedOut: false);

        var lines = report.ToTable().Split(Environment.NewLine);

        Assert.Equal("broken                   1+1=         2          error            1.5  FAIL", lines[1]);
        Assert.Equal("    error: device lost", lines[2]);
    }

    [Fact]
    public void A_probe_without_completion_or_error_shows_an_empty_answer()
    {
        var report = new CertificationReport([Result("silent", null, null, false)], TimeSpan.Zero, TimedOut: false);

        Assert.Equal("silent                   1+1=         2                           1.5  FAIL", report.ToTable().Split(Environment.NewLine)[1]);
    }

    [Fact]
    public void Control_characters_in_a_completion_are_escaped()
    {
        var report = new CertificationReport([Result("noise", "\u00014", null, false)], TimeSpan.Zero, TimedOut: false);

        Assert.Contains(" \\u00014 ", report.ToTable().Split(Environment.NewLine)[1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_timed_out_run_says_so_and_a_passing_run_says_certified()
    {
        var timedOut = new CertificationReport([Result("ok", "2", null, true)], TimeSpan.FromSeconds(31), TimedOut: true);
        var passed = new CertificationReport([Result("ok", "2", null, true)], TimeSpan.FromMilliseconds(5), TimedOut: false);

        Assert.EndsWith("1/1 probes passed in 31000 ms: FAILED (time limit reached)", timedOut.ToTable(), StringComparison.Ordinal);
        Assert.EndsWith("1/1 probes passed in 5 ms: CERTIFIED", passed.ToTable(), StringComparison.Ordinal);
        Assert.False(timedOut.Passed);
    }

    [Theory]
    [InlineData(24, false)]
    [InlineData(25, true)]
    public void Names_are_clipped_only_beyond_the_column_width(int length, bool clipped)
    {
        var name = new string('x', length);
        var report = new CertificationReport([Result(name, "2", null, true)], TimeSpan.Zero, TimedOut: false);

        var row = report.ToTable().Split(Environment.NewLine)[1];

        Assert.Equal(clipped, row.StartsWith(new string('x', 23) + "…", StringComparison.Ordinal));
        Assert.Equal(!clipped, row.StartsWith(name + " ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_limit_reached_during_the_last_probe_still_marks_the_run_timed_out()
    {
        var time = new FakeTimeProvider();
        CertificationProbe[] one = [new("only", "1+1=", "2")];

        var report = await CertificationRunner.RunAsync(
            one,
            (_, _, _) =>
            {
                time.Advance(TimeSpan.FromSeconds(2));
                return Task.FromResult("2");
            },
            TimeSpan.FromSeconds(1),
            time,
            TestContext.Current.CancellationToken);

        Assert.Single(report.Results);
        Assert.True(report.Results[0].Passed);
        Assert.True(report.TimedOut);
        Assert.False(report.Passed);
    }

    [Fact]
    public async Task Arguments_are_required()
    {
        var ct = TestContext.Current.CancellationToken;
        CertificationProbe[] none = [];

        await Assert.ThrowsAsync<ArgumentNullException>(() => CertificationRunner.RunAsync(null!, (_, _, _) => Task.FromResult(""), TimeSpan.FromSeconds(1), TimeProvider.System, ct));
        await Assert.ThrowsAsync<ArgumentNullException>(() => CertificationRunner.RunAsync(none, null!, TimeSpan.FromSeconds(1), TimeProvider.System, ct));
        await Assert.ThrowsAsync<ArgumentNullException>(() => CertificationRunner.RunAsync(none, (_, _, _) => Task.FromResult(""), TimeSpan.FromSeconds(1), null!, ct));
        Assert.Throws<ArgumentNullException>(() => CertificationRunner.Matches(null!, "x"));
        Assert.Throws<ArgumentNullException>(() => CertificationRunner.Matches(new CertificationProbe("p", "x", "x"), null!));
        Assert.Throws<ArgumentNullException>(() => ProbeSet.Load(null!));
    }
}

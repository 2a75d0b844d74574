using System.Globalization;
using System.Text;

namespace Wick.Core.Certification;

/// <summary>The outcome of a certification run: every probe's result, the total time, and whether all passed.</summary>
public sealed record CertificationReport(IReadOnlyList<ProbeResult> Results, TimeSpan Elapsed, bool TimedOut)
{
    public bool Passed => !TimedOut && Results.Count > 0 && Results.All(r => r.Passed);

    public int PassedCount => Results.Count(r => r.Passed);

    /// <summary>A fixed-width pass/fail table for terminals and logs.</summary>
    public string ToTable()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{"probe",-24} {"prompt",-12} {"expect",-10} {"got",-12} {"ms",7}  result");
        foreach (var r in Results)
        {
            var got = r.Error is null ? Printable(r.Completion ?? string.Empty) : "error";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{Clip(r.Probe.Name, 24),-24} {Clip(Printable(r.Probe.Prompt), 12),-12} {Clip(r.Probe.ExpectedPattern, 10),-10} {Clip(got, 12),-12} {r.Elapsed.TotalMilliseconds,7:F1}  {(r.Passed ? "PASS" : "FAIL")}");
            if (r.Error is not null)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"    error: {r.Error}");
            }
        }

        var verdict = Passed ? "CERTIFIED" : TimedOut ? "FAILED (time limit reached)" : "FAILED";
        text.Append(CultureInfo.InvariantCulture, $"{PassedCount}/{Results.Count} probes passed in {Elapsed.TotalMilliseconds:F0} ms: {verdict}");
        return text.ToString();
    }

    /// <summary>Line breaks as \n, other control characters as \uXXXX: a broken model's output stays visible in one row.</summary>
    private static string Printable(string text)
    {
        var printable = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            _ = c switch
            {
                '\n' => printable.Append("\\n"),
                '\r' => printable.Append("\\r"),
                _ when char.IsControl(c) => printable.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => printable.Append(c),
            };
        }

        return printable.ToString();
    }

    private static string Clip(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";
}

using System.Globalization;
using Wick.CoverageGate.Source;

namespace Wick.CoverageGate;

/// <summary>The gate's console output: module table, gap report, exclusions, crash audit, verdict.</summary>
internal static class TextReport
{
    private const int MaxSourceText = 140;

    public static void Write(GateResult result, TextWriter w)
    {
        w.WriteLine($"Coverage gate: {result.ReportCount} Cobertura report(s) merged; " +
                    $"{result.UnassignedFiles} covered file(s) belong to no module.");
        w.WriteLine();
        WriteTable(result, w);
        WriteGaps(result, w);
        WriteExclusions(result, w);
        WriteCrashAudit(result, w);
        WriteVerdict(result, w);
    }

    private static void WriteTable(GateResult result, TextWriter w)
    {
        var rows = new List<string[]>
        {
            new[] { "module", "lines", "line %", "branches", "branch %", "threshold", "baseline", "status" },
        };
        foreach (var m in result.Modules)
        {
            rows.Add(!m.HasCode
                ? [m.Spec.Name, "-", "-", "-", "-", Threshold(m), Baseline(m), m.Status]
                :
                [
                    m.Spec.Name,
                    $"{m.LinesCovered}/{m.LinesTotal}",
                    m.LinesTotal == 0 ? "n/a" : Pct(m.LinePercent),
                    $"{m.BranchesCovered}/{m.BranchesTotal}",
                    m.BranchesTotal == 0 ? "n/a" : Pct(m.BranchPercent),
                    Threshold(m),
                    Baseline(m),
                    m.Status,
                ]);
        }

        WriteColumns(rows, w, rightAligned: [1, 2, 3, 4]);
        foreach (var m in result.Modules.Where(m => !m.Passed))
        {
            w.WriteLine($"  {m.Spec.Name}: {string.Join("; ", m.Failures)}");
        }
    }

    private static void WriteGaps(GateResult result, TextWriter w)
    {
        foreach (var m in result.Modules.Where(m => m.Gaps.Count > 0 || m.UnmeasuredFiles.Count > 0))
        {
            w.WriteLine();
            w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Gaps in {m.Spec.Name} (line {m.LinePercent:0.00}%, branch {m.BranchPercent:0.00}%):"));
            foreach (var file in m.UnmeasuredFiles)
            {
                w.WriteLine($"  {file.Path}: in no coverage report, {file.CodeLines} code line(s) unmeasured " +
                            "(no test project loads this assembly)");
            }

            if (m.Gaps.Count == 0)
            {
                continue;
            }

            var width = m.Gaps.Max(g => g.Location.Length);
            var kindWidth = m.Gaps.Max(g => g.Describe().Length);
            foreach (var gap in m.Gaps)
            {
                w.WriteLine($"  {gap.Location.PadRight(width)}  {gap.Describe().PadRight(kindWidth)}  {Clip(gap.Text)}");
            }
        }
    }

    private static void WriteExclusions(GateResult result, TextWriter w)
    {
        w.WriteLine();
        w.WriteLine($"Coverage exclusions ({result.Exclusions.Count}):");
        foreach (var (e, module) in result.Exclusions)
        {
            var reason = e.IsJustified ? $"\"{e.Justification}\"" : "MISSING Justification";
            w.WriteLine($"  {e.Path}:{e.Line}  [{module ?? "no module"}]  {reason}");
        }
    }

    private static void WriteCrashAudit(GateResult result, TextWriter w)
    {
        w.WriteLine();
        w.WriteLine("Crash audit:");
        var kinds = Enum.GetValues<CrashKind>();
        var rows = new List<string[]>
        {
            new[] { "module", "null-forgiving", "blocking-wait", "process-exit", "async-void", "must be zero" },
        };
        foreach (var m in result.Modules)
        {
            rows.Add([
                m.Spec.Name,
                .. kinds.Select(k => m.Findings.Count(f => f.Kind == k).ToString(CultureInfo.InvariantCulture)),
                m.Spec.CrashAuditMustBeZero ? "yes" : "no",
            ]);
        }

        WriteColumns(rows, w, rightAligned: [1, 2, 3, 4]);
        foreach (var m in result.Modules)
        {
            foreach (var f in m.Findings)
            {
                w.WriteLine($"  {f.Path}:{f.Line}  [{m.Spec.Name}]  {Kebab(f.Kind)}  {f.What}  |  {Clip(f.Text)}");
            }
        }
    }

    private static void WriteVerdict(GateResult result, TextWriter w)
    {
        w.WriteLine();
        foreach (var failure in result.Failures)
        {
            w.WriteLine($"  {failure}");
        }

        var failed = result.Modules.Where(m => !m.Passed).Select(m => m.Spec.Name).ToList();
        w.WriteLine(result.Passed
            ? "coverage gate: PASS"
            : $"coverage gate: FAIL ({failed.Count} module(s) failing{(failed.Count > 0 ? ": " + string.Join(", ", failed) : string.Empty)}; " +
              $"{result.Failures.Count} unjustified exclusion(s))");
    }

    private static void WriteColumns(List<string[]> rows, TextWriter w, int[] rightAligned)
    {
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
        {
            var cells = row.Select((cell, c) => rightAligned.Contains(c) ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]));
            w.WriteLine(string.Join("  ", cells).TrimEnd());
        }
    }

    private static string Threshold(ModuleResult m) =>
        string.Create(CultureInfo.InvariantCulture, $"{m.Spec.Line:0.##}/{m.Spec.Branch:0.##}");

    private static string Baseline(ModuleResult m) => m.Baseline is null
        ? "-"
        : string.Create(CultureInfo.InvariantCulture, $"{m.Baseline.Line:0.00}/{m.Baseline.Branch:0.00}");

    private static string Pct(double value) => string.Create(CultureInfo.InvariantCulture, $"{value:0.00}%");

    private static string Clip(string text) => text.Length <= MaxSourceText ? text : text[..(MaxSourceText - 1)] + "…";

    private static string Kebab(CrashKind kind) => kind switch
    {
        CrashKind.NullForgiving => "null-forgiving",
        CrashKind.BlockingWait => "blocking-wait",
        CrashKind.ProcessExit => "process-exit",
        _ => "async-void",
    };
}

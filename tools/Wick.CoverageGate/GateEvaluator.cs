using System.Globalization;
using Wick.CoverageGate.Coverage;
using Wick.CoverageGate.Settings;
using Wick.CoverageGate.Source;

namespace Wick.CoverageGate;

/// <summary>Assigns covered and scanned files to modules and judges each module against threshold, baseline and audit.</summary>
internal static class GateEvaluator
{
    public static GateResult Evaluate(
        GateSettings settings,
        CoverageSet coverage,
        SourceTree sources,
        IReadOnlyDictionary<string, BaselineEntry> baseline,
        int reportCount)
    {
        var facts = sources.Files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var owner = new Dictionary<string, ModuleSpec?>(StringComparer.Ordinal);
        foreach (var path in coverage.Files.Select(f => f.Path).Union(facts.Keys))
        {
            var namespaces = (coverage.Find(path)?.Namespaces ?? [])
                .Union(facts.TryGetValue(path, out var f) ? f.Namespaces : []);
            owner[path] = settings.ModuleOf(path, namespaces);
        }

        var modules = settings.Modules
            .Select(spec => EvaluateModule(
                spec,
                [.. owner.Where(o => ReferenceEquals(o.Value, spec)).Select(o => o.Key).Order(StringComparer.Ordinal)],
                coverage,
                facts,
                sources,
                baseline.GetValueOrDefault(spec.Name),
                settings.Epsilon))
            .ToList();

        var exclusions = sources.Files
            .SelectMany(f => f.Exclusions)
            .Select(e => (e, owner.GetValueOrDefault(e.Path)?.Name))
            .ToList();
        var failures = exclusions
            .Where(e => !e.e.IsJustified)
            .Select(e => $"{e.e.Path}:{e.e.Line}: [ExcludeFromCodeCoverage] without a Justification")
            .ToList();
        var unassigned = coverage.Files.Count(f => owner[f.Path] is null);
        return new GateResult(modules, exclusions, failures, reportCount, unassigned);
    }

    private static ModuleResult EvaluateModule(
        ModuleSpec spec,
        List<string> paths,
        CoverageSet coverage,
        Dictionary<string, SourceFacts> facts,
        SourceTree sources,
        BaselineEntry? baseline,
        double epsilon)
    {
        int linesCovered = 0, linesTotal = 0, branchesCovered = 0, branchesTotal = 0;
        var gaps = new List<GapLine>();
        var unmeasured = new List<UnmeasuredFile>();
        foreach (var path in paths)
        {
            var file = coverage.Find(path);
            if (file is null)
            {
                // Code that no report mentions: its assembly was never loaded by a test. Every code line is uncovered.
                var codeLines = facts[path].CodeLines.Count;
                if (codeLines > 0)
                {
                    unmeasured.Add(new UnmeasuredFile(path, codeLines));
                    linesTotal += codeLines;
                }

                continue;
            }

            GapLine? run = null;
            foreach (var line in file.Lines)
            {
                linesTotal++;
                linesCovered += line.IsCovered ? 1 : 0;
                branchesTotal += line.BranchesTotal;
                branchesCovered += line.BranchesCovered;
                var plainMiss = !line.IsCovered && line.BranchesTotal == 0;
                if (plainMiss && run is not null)
                {
                    run = run with { EndLine = line.Number, LineCount = run.LineCount + 1 };
                    continue;
                }

                if (run is not null)
                {
                    gaps.Add(run);
                    run = null;
                }

                var gap = new GapLine(path, line.Number, line.Number, 1, line.IsCovered, line.BranchesCovered,
                    line.BranchesTotal, sources.LineText(path, line.Number));
                if (plainMiss)
                {
                    run = gap;
                }
                else if (line.HasMissedBranches || !line.IsCovered)
                {
                    gaps.Add(gap);
                }
            }

            if (run is not null)
            {
                gaps.Add(run);
            }
        }

        var findings = paths
            .SelectMany(p => facts.TryGetValue(p, out var f) ? f.Findings : [])
            .ToList();
        var result = new ModuleResult(spec, paths.Count > 0, linesCovered, linesTotal, branchesCovered, branchesTotal,
            baseline, gaps, unmeasured, findings, []);
        return result with { Failures = Judge(result, epsilon) };
    }

    private static List<string> Judge(ModuleResult m, double epsilon)
    {
        var failures = new List<string>();
        if (!m.HasCode)
        {
            return failures;
        }

        void Check(string what, double actual, double minimum, string against)
        {
            if (actual < minimum - epsilon)
            {
                failures.Add(string.Create(
                    CultureInfo.InvariantCulture, $"{what} {actual:0.00}% is below {against} {minimum:0.##}%"));
            }
        }

        Check("line", m.LinePercent, m.Spec.Line, "threshold");
        Check("branch", m.BranchPercent, m.Spec.Branch, "threshold");
        if (m.Baseline is not null)
        {
            Check("line", m.LinePercent, m.Baseline.Line, "baseline");
            Check("branch", m.BranchPercent, m.Baseline.Branch, "baseline");
        }

        if (m.Spec.CrashAuditMustBeZero && m.Findings.Count > 0)
        {
            failures.Add($"{m.Findings.Count} crash-audit finding(s) where none are allowed");
        }

        return failures;
    }
}

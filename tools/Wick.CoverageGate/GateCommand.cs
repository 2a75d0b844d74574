using Wick.CoverageGate.Coverage;
using Wick.CoverageGate.Settings;
using Wick.CoverageGate.Source;

namespace Wick.CoverageGate;

/// <summary>The whole run: read inputs, evaluate, print, optionally raise the baseline; returns the exit code.</summary>
internal static class GateCommand
{
    public const int Passed = 0;
    public const int GateFailed = 1;
    public const int BadInput = 2;

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error, string workingDirectory)
    {
        try
        {
            var options = GateOptions.Parse(args, workingDirectory);
            if (options.ShowHelp)
            {
                output.Write(GateOptions.Usage);
                return Passed;
            }

            var settings = ThresholdsFile.Load(options.ThresholdsPath);
            var baseline = BaselineFile.Load(options.BaselinePath);
            var coverage = new CoverageSet();
            foreach (var report in options.Reports)
            {
                foreach (var file in CoberturaReader.Read(report, options.Root))
                {
                    coverage.Add(file);
                }
            }

            var sources = SourceTree.Scan(options.Root, settings);
            var result = GateEvaluator.Evaluate(settings, coverage, sources, baseline, options.Reports.Count);
            TextReport.Write(result, output);
            if (options.UpdateBaseline)
            {
                var (updated, changes) = BaselineUpdater.Raise(baseline, result);
                BaselineFile.Save(options.BaselinePath, updated);
                output.WriteLine(changes.Count == 0
                    ? $"baseline unchanged: {options.BaselinePath}"
                    : $"baseline raised in {options.BaselinePath}:{Environment.NewLine}  " +
                      string.Join(Environment.NewLine + "  ", changes));
            }

            return result.Passed ? Passed : GateFailed;
        }
        catch (Exception ex) when (ex is GateInputException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"coverage gate: {ex.Message}");
            error.WriteLine("run with --help for usage");
            return BadInput;
        }
    }
}

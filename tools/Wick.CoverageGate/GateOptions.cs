namespace Wick.CoverageGate;

/// <summary>The command line, parsed and resolved to absolute paths.</summary>
internal sealed record GateOptions(
    IReadOnlyList<string> Reports,
    string Root,
    string ThresholdsPath,
    string BaselinePath,
    bool UpdateBaseline,
    bool ShowHelp)
{
    public const string Usage = """
        usage: wick-coverage-gate [options] <report.cobertura.xml | folder>...
          Merges Cobertura reports (a folder means every *cobertura*.xml under it,
          e.g. coverlet.MTP's coverage.cobertura.<timestamp>.xml), checks each module of the
          thresholds file, prints the table, the gap report, coverage exclusions and the crash audit.
        options:
          --thresholds <file>   module thresholds (default: <root>/coverage/thresholds.json)
          --baseline <file>     last recorded coverage (default: <root>/coverage/baseline.json)
          --root <folder>       repository root (default: the folder holding Wick.sln, upward from here)
          --update-baseline     raise baseline values where coverage is now higher (never lowers them)
          -h, --help            this text
        exit codes: 0 pass, 1 gate failed, 2 bad input
        """;

    public static GateOptions Parse(IReadOnlyList<string> args, string workingDirectory)
    {
        var inputs = new List<string>();
        string? root = null, thresholds = null, baseline = null;
        var update = false;
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count
                ? Path.GetFullPath(args[++i], workingDirectory)
                : throw new GateInputException($"{args[i]} needs a value");

            switch (args[i])
            {
                case "-h" or "--help":
                    return new GateOptions([], workingDirectory, string.Empty, string.Empty, false, ShowHelp: true);
                case "--root":
                    root = Value();
                    break;
                case "--thresholds":
                    thresholds = Value();
                    break;
                case "--baseline":
                    baseline = Value();
                    break;
                case "--update-baseline":
                    update = true;
                    break;
                case var option when option.StartsWith('-'):
                    throw new GateInputException($"unknown option {option}");
                default:
                    inputs.Add(Path.GetFullPath(args[i], workingDirectory));
                    break;
            }
        }

        root ??= RepoPaths.FindRoot(workingDirectory);
        var reports = inputs.SelectMany(ExpandReport).Distinct(StringComparer.Ordinal).ToList();
        if (reports.Count == 0)
        {
            throw new GateInputException("no Cobertura reports given (or none found in the given folders)");
        }

        return new GateOptions(
            reports,
            root,
            thresholds ?? Path.Combine(root, "coverage", "thresholds.json"),
            baseline ?? Path.Combine(root, "coverage", "baseline.json"),
            update,
            ShowHelp: false);
    }

    private static IEnumerable<string> ExpandReport(string input)
    {
        if (Directory.Exists(input))
        {
            return Directory.EnumerateFiles(input, "*cobertura*.xml", SearchOption.AllDirectories).Order(StringComparer.Ordinal);
        }

        return File.Exists(input) ? [input] : throw new GateInputException($"report not found: {input}");
    }
}

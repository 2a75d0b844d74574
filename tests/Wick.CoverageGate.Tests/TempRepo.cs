using System.Text.Json;

namespace Wick.CoverageGate.Tests;

/// <summary>A throwaway repository: sources, reports and gate files in a temp folder, deleted on dispose.</summary>
internal sealed class TempRepo : IDisposable
{
    public TempRepo()
    {
        Root = Path.Combine(Path.GetTempPath(), "wick-gate-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string ThresholdsPath => Path.Combine(Root, "coverage", "thresholds.json");

    public string BaselinePath => Path.Combine(Root, "coverage", "baseline.json");

    public string Write(string relativePath, string content)
    {
        var full = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    /// <summary>Writes a thresholds file with one module per entry: name, glob, line %, branch %, crash audit zero.</summary>
    public void Thresholds(params (string Name, string Glob, double Line, double Branch, bool MustBeZero)[] modules)
    {
        var body = modules.ToDictionary(
            m => m.Name,
            m => new Dictionary<string, object>
            {
                ["paths"] = new[] { m.Glob },
                ["line"] = m.Line,
                ["branch"] = m.Branch,
                ["crashAuditMustBeZero"] = m.MustBeZero,
            });
        Write("coverage/thresholds.json", JsonSerializer.Serialize(new { modules = body }));
    }

    /// <summary>Runs the gate with --root, --thresholds and --baseline set to this repository; returns exit code and output.</summary>
    public (int Exit, string Output, string Error) Gate(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        string[] all = [.. args, "--root", Root, "--thresholds", ThresholdsPath, "--baseline", BaselinePath];
        var exit = GateCommand.Run(all, output, error, Root);
        return (exit, output.ToString(), error.ToString());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}

using System.Text.Json;
using Wick.Core.Certification;
using Wick.Core.Models;

namespace Wick.Certification.Tests;

/// <summary>Writes the certification's figures to <c>artifacts/certification/</c> for CI logs and closing notes.</summary>
internal static class CertificationRecord
{
    public static void Write(string name, TimeSpan elapsed, CertificationReport report)
    {
        var root = RepositoryFiles.FindRoot(AppContext.BaseDirectory) ?? Path.GetTempPath();
        var folder = Path.Combine(root, "artifacts", "certification");
        Directory.CreateDirectory(folder);
        var record = new Dictionary<string, object>
        {
            ["name"] = name,
            ["total_ms"] = Math.Round(elapsed.TotalMilliseconds, 1),
            ["probes_ms"] = Math.Round(report.Elapsed.TotalMilliseconds, 1),
            ["passed"] = report.PassedCount,
            ["probes"] = report.Results.Count,
        };
        File.WriteAllText(Path.Combine(folder, name + ".json"), JsonSerializer.Serialize(record));
        File.WriteAllText(Path.Combine(folder, name + ".txt"), report.ToTable());
    }
}

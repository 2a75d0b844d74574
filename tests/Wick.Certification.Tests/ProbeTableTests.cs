using System.Globalization;
using System.Text.RegularExpressions;
using Wick.Core.Certification;
using Wick.Core.Models;

namespace Wick.Certification.Tests;

/// <summary>The probe table is a specification: its expectations must be the arithmetic of its prompts, and its "held-out" probes really held out.</summary>
public sealed partial class ProbeTableTests
{
    private static IReadOnlyList<CertificationProbe> Probes =>
        ProbeSet.Load(Path.Combine(Path.GetDirectoryName(ShippedModels.TinyArith.GgufPath)!, "probes.json"));

    [Fact]
    public void Every_expectation_is_the_result_of_its_prompt()
    {
        foreach (var probe in Probes)
        {
            var match = Problem().Match(probe.Prompt);
            Assert.True(match.Success, $"probe '{probe.Name}' is not of the form a<op>b=");
            var a = int.Parse(match.Groups["a"].Value, CultureInfo.InvariantCulture);
            var b = int.Parse(match.Groups["b"].Value, CultureInfo.InvariantCulture);
            var result = match.Groups["op"].Value switch { "+" => a + b, "-" => a - b, _ => a * b };
            Assert.True(CertificationRunner.Matches(probe, result.ToString(CultureInfo.InvariantCulture)), $"probe '{probe.Name}' expects '{probe.ExpectedPattern}', arithmetic says {result}");
        }
    }

    [Fact]
    public void Held_out_probes_use_pairs_the_training_data_never_contained()
    {
        var manifest = File.ReadAllText(ShippedModels.TinyArith.ManifestPath);
        using var json = System.Text.Json.JsonDocument.Parse(manifest);
        var heldOut = json.RootElement.GetProperty("dataRecipe").GetProperty("heldOutPairs").EnumerateArray()
            .Select(p => (p[0].GetInt32(), p[1].GetInt32())).ToHashSet();

        var probes = Probes.Where(p => p.Name.StartsWith("held-out", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(probes);
        foreach (var probe in probes)
        {
            var match = Problem().Match(probe.Prompt);
            var a = int.Parse(match.Groups["a"].Value, CultureInfo.InvariantCulture);
            var b = int.Parse(match.Groups["b"].Value, CultureInfo.InvariantCulture);
            Assert.True(heldOut.Contains((a, b)) || heldOut.Contains((b, a)), $"{probe.Prompt} is not a held-out pair");
        }
    }

    [GeneratedRegex(@"^(?<a>\d+)(?<op>[-+*])(?<b>\d+)=$")]
    private static partial Regex Problem();
}

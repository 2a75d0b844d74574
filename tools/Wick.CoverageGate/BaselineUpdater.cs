using System.Globalization;
using Wick.CoverageGate.Settings;

namespace Wick.CoverageGate;

/// <summary>The ratchet: raises each module's baseline to its current coverage where that is higher, never lowers it.</summary>
internal static class BaselineUpdater
{
    /// <returns>The new baseline (thresholds-file order, then modules no longer configured) and one line per change.</returns>
    public static (List<KeyValuePair<string, BaselineEntry>> Baseline, List<string> Changes) Raise(
        IReadOnlyDictionary<string, BaselineEntry> current, GateResult result)
    {
        var updated = new List<KeyValuePair<string, BaselineEntry>>();
        var changes = new List<string>();
        foreach (var module in result.Modules)
        {
            var old = current.GetValueOrDefault(module.Spec.Name);
            // Vacuous 100 % (nothing to cover yet) is not recorded: it would fail the first real code in the module.
            var line = module.LinesTotal > 0 ? BaselineFile.Round(module.LinePercent) : (double?)null;
            var branch = module.BranchesTotal > 0 ? BaselineFile.Round(module.BranchPercent) : (double?)null;
            var entry = new BaselineEntry(
                Math.Max(old?.Line ?? 0, line ?? 0),
                Math.Max(old?.Branch ?? 0, branch ?? 0));
            if (old is null && line is null && branch is null)
            {
                continue;
            }

            updated.Add(new(module.Spec.Name, entry));
            if (old is null)
            {
                changes.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{module.Spec.Name}: new, line {entry.Line:0.00}, branch {entry.Branch:0.00}"));
            }
            else if (entry != old)
            {
                changes.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{module.Spec.Name}: line {old.Line:0.00} -> {entry.Line:0.00}, branch {old.Branch:0.00} -> {entry.Branch:0.00}"));
            }
        }

        var configured = result.Modules.Select(m => m.Spec.Name).ToHashSet(StringComparer.Ordinal);
        updated.AddRange(current.Where(kv => !configured.Contains(kv.Key)));
        return (updated, changes);
    }
}

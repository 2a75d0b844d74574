using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Wick.CoverageGate.Settings;

/// <summary>
/// <c>coverage/baseline.json</c>: <c>{ "ParkingLot": { "line": 100.0, "branch": 100.0 }, ... }</c>.
/// A missing file is an empty baseline; values are written rounded to hundredths.
/// </summary>
internal static class BaselineFile
{
    public static Dictionary<string, BaselineEntry> Load(string path)
    {
        var result = new Dictionary<string, BaselineEntry>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return result;
        }

        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            foreach (var module in doc.RootElement.EnumerateObject())
            {
                var line = module.Value.TryGetProperty("line", out var l) ? l.GetDouble() : 0;
                var branch = module.Value.TryGetProperty("branch", out var b) ? b.GetDouble() : 0;
                result[module.Name] = new BaselineEntry(line, branch);
            }
        }
        catch (JsonException ex)
        {
            throw new GateInputException($"{path}: invalid JSON: {ex.Message}", ex);
        }
        catch (InvalidOperationException ex)
        {
            throw new GateInputException($"{path}: unexpected value type: {ex.Message}", ex);
        }

        return result;
    }

    /// <summary>Writes entries in the given order, one module per line, so diffs of the file stay readable.</summary>
    public static void Save(string path, IEnumerable<KeyValuePair<string, BaselineEntry>> entries)
    {
        var sb = new StringBuilder("{\n");
        var rows = entries.Select(e => string.Create(
            CultureInfo.InvariantCulture,
            $"  {JsonSerializer.Serialize(e.Key)}: {{ \"line\": {Round(e.Value.Line):0.00}, \"branch\": {Round(e.Value.Branch):0.00} }}"));
        sb.AppendJoin(",\n", rows).Append("\n}\n");
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        File.WriteAllText(path, sb.ToString());
    }

    // Down, not to nearest: a stored baseline must never sit above the coverage it was taken from.
    public static double Round(double percent) => Math.Floor((percent * 100) + 1e-9) / 100;
}

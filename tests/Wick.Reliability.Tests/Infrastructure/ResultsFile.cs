using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wick.Reliability.Tests.Infrastructure;

/// <summary>
/// The figures the reliability tests measured, in <c>artifacts/reliability/results.json</c> (one section per test,
/// merged with sections written by earlier runs of other tests) and a markdown rendering beside it (<c>results.md</c>).
/// </summary>
internal static class ResultsFile
{
    private static readonly Lock Gate = new();
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string JsonPath => Path.Combine(RepoPaths.Artifacts, "results.json");

    public static string MarkdownPath => Path.Combine(RepoPaths.Artifacts, "results.md");

    /// <summary>Replaces section <paramref name="name"/> with <paramref name="figures"/> (any JSON-serializable object).</summary>
    public static void Record(string name, object figures)
    {
        var node = JsonSerializer.SerializeToNode(figures) ?? new JsonObject();
        if (node is JsonObject section)
        {
            section["mode"] = ReliabilityMode.Name;
            section["recorded_utc"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        }

        lock (Gate)
        {
            Directory.CreateDirectory(RepoPaths.Artifacts);
            var root = Load();
            root[name] = node;
            var ordered = new JsonObject();
            foreach (var (key, value) in root.OrderBy(p => p.Key, StringComparer.Ordinal).ToList())
            {
                root.Remove(key);
                ordered[key] = value;
            }

            File.WriteAllText(JsonPath, ordered.ToJsonString(Indented));
            File.WriteAllText(MarkdownPath, Render(ordered));
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{name}: {node.ToJsonString()}");
    }

    private static JsonObject Load()
    {
        try
        {
            return File.Exists(JsonPath) ? JsonNode.Parse(File.ReadAllText(JsonPath)) as JsonObject ?? [] : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static string Render(JsonObject root)
    {
        var text = new StringBuilder("# Wick reliability results\n\nWritten by `tests/Wick.Reliability.Tests` (see docs/RELIABILITY.md).\n");
        foreach (var (name, section) in root)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n## {name}\n\n| figure | value |\n|---|---|\n");
            foreach (var (path, value) in Flatten(section, string.Empty))
            {
                text.Append(CultureInfo.InvariantCulture, $"| {path} | {value.Replace("|", "\\|", StringComparison.Ordinal)} |\n");
            }
        }

        return text.ToString();
    }

    private static IEnumerable<(string Path, string Value)> Flatten(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    foreach (var item in Flatten(child, path.Length == 0 ? key : $"{path}.{key}"))
                    {
                        yield return item;
                    }
                }

                break;
            case JsonArray array when array.All(e => e is JsonValue):
                yield return (path, string.Join(", ", array.Select(e => e?.ToJsonString() ?? "null")));
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    foreach (var item in Flatten(array[i], $"{path}[{i}]"))
                    {
                        yield return item;
                    }
                }

                break;
            default:
                yield return (path, node?.ToJsonString().Trim('"') ?? "null");
                break;
        }
    }
}

using System.Text.Json;

namespace Wick.CoverageGate.Settings;

/// <summary>
/// Reads <c>coverage/thresholds.json</c>:
/// <code>
/// { "epsilon": 0.01, "sourceRoots": ["src", "tools"], "processExitAllowedIn": ["src/Wick.Cli/Program.cs"],
///   "modules": { "ParkingLot": { "paths": ["src/Wick.Core/ParkingLot/**"], "namespaces": [],
///                                "line": 100, "branch": 100, "crashAuditMustBeZero": true } } }
/// </code>
/// Read through <see cref="JsonDocument"/> so module order (which decides ownership of overlapping paths) is kept.
/// </summary>
internal static class ThresholdsFile
{
    public static GateSettings Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new GateInputException($"thresholds file not found: {path}");
        }

        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
            });
            return Parse(doc.RootElement, path);
        }
        catch (JsonException ex)
        {
            throw new GateInputException($"{path}: invalid JSON: {ex.Message}", ex);
        }
        catch (InvalidOperationException ex)
        {
            // JsonElement accessors throw this when a value has the wrong JSON type.
            throw new GateInputException($"{path}: unexpected value type: {ex.Message}", ex);
        }
    }

    private static GateSettings Parse(JsonElement root, string path)
    {
        if (!root.TryGetProperty("modules", out var modulesElement) || modulesElement.ValueKind != JsonValueKind.Object)
        {
            throw new GateInputException($"{path}: missing \"modules\" object");
        }

        var modules = modulesElement.EnumerateObject().Select(m => ParseModule(m, path)).ToList();
        var epsilon = root.TryGetProperty("epsilon", out var e) ? e.GetDouble() : GateSettings.DefaultEpsilon;
        var roots = Strings(root, "sourceRoots") ?? ["src", "tools"];
        var exitAllowed = Strings(root, "processExitAllowedIn") ?? ["src/Wick.Cli/Program.cs"];
        return new GateSettings(modules, epsilon, roots, exitAllowed);
    }

    private static ModuleSpec ParseModule(JsonProperty module, string path)
    {
        var body = module.Value;
        var paths = (Strings(body, "paths") ?? []).Select(p => new GlobPattern(p)).ToList();
        var namespaces = Strings(body, "namespaces") ?? [];
        if (paths.Count == 0 && namespaces.Count == 0)
        {
            throw new GateInputException($"{path}: module '{module.Name}' has neither \"paths\" nor \"namespaces\"");
        }

        var line = Percent(body, "line", module.Name, path);
        var branch = Percent(body, "branch", module.Name, path);
        var mustBeZero = body.TryGetProperty("crashAuditMustBeZero", out var z) && z.GetBoolean();
        return new ModuleSpec(module.Name, paths, namespaces, line, branch, mustBeZero);
    }

    private static double Percent(JsonElement body, string name, string module, string path)
    {
        var value = body.TryGetProperty(name, out var v) ? v.GetDouble() : 0;
        return value is >= 0 and <= 100
            ? value
            : throw new GateInputException($"{path}: module '{module}' {name} must be within 0..100, was {value}");
    }

    private static List<string>? Strings(JsonElement body, string name) =>
        body.TryGetProperty(name, out var array)
            ? array.EnumerateArray().Select(s => s.GetString() ?? string.Empty).ToList()
            : null;
}

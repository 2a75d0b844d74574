using System.Text.Encodings.Web;
using System.Text.Json;

namespace Wick.Core.Models;

/// <summary><c>models/&lt;name&gt;/manifest.json</c>: what a shipped model file is, how to check it and how it was made.
/// <see cref="DataRecipe"/> and <see cref="Accuracy"/> are free-form JSON chosen by the tool that made the model.</summary>
public sealed record ModelManifest
{
    // Manifests are read by people: keep '+' and non-ASCII readable instead of \u-escaping them (never served as HTML).
    private static readonly ModelManifestJsonContext Json = new(new JsonSerializerOptions(ModelManifestJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public required string Name { get; init; }

    /// <summary>The GGUF file name, relative to the manifest's folder.</summary>
    public required string File { get; init; }

    /// <summary>Lower-case hex SHA-256 of the GGUF file.</summary>
    public required string Sha256 { get; init; }

    public long SizeBytes { get; init; }

    public string? Architecture { get; init; }

    public ModelDimensions? Dimensions { get; init; }

    public long? ParameterCount { get; init; }

    public long? Seed { get; init; }

    public JsonElement? DataRecipe { get; init; }

    /// <summary>The command line that re-creates the file bit for bit.</summary>
    public string? Command { get; init; }

    public JsonElement? Accuracy { get; init; }

    public double? TrainingSeconds { get; init; }

    public string? CreatedWith { get; init; }

    /// <summary>Reads a manifest; a missing file or invalid JSON raises <see cref="ModelIntegrityException"/>.</summary>
    public static ModelManifest Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!System.IO.File.Exists(path))
        {
            throw new ModelIntegrityException($"Model manifest '{path}' does not exist.");
        }

        try
        {
            return Parse(System.IO.File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new ModelIntegrityException($"Model manifest '{path}' is not valid: {e.Message}", e);
        }
    }

    /// <summary>Parses manifest JSON; invalid JSON or a missing required field raises <see cref="JsonException"/>.</summary>
    public static ModelManifest Parse(string json) =>
        JsonSerializer.Deserialize(json, Json.ModelManifest)
            ?? throw new JsonException("The manifest is JSON null.");

    public string ToJson() => JsonSerializer.Serialize(this, Json.ModelManifest);

    public void Save(string path) => System.IO.File.WriteAllText(path, ToJson() + "\n");
}

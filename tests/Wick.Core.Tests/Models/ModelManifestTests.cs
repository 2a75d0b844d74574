using System.Text.Json;
using Wick.Core.Models;

namespace Wick.Core.Tests.Models;

public sealed class ModelManifestTests
{
    private const string FullManifest = """
        {
          "name": "tiny-arith",
          "file": "tiny-arith.gguf",
          "sha256": "ab12",
          "sizeBytes": 660000,
          "architecture": "llama",
          "dimensions": { "vocab": 258, "context": 64, "embedding": 64, "blocks": 2, "heads": 4, "kvHeads": 4, "feedForward": 256 },
          "parameterCount": 164672,
          "seed": 1,
          "dataRecipe": { "ops": ["+"], "heldOut": 200 },
          "command": "wick-model train-tiny --seed 1",
          "accuracy": { "heldOutSums": 1.0 },
          "trainingSeconds": 49.5,
          "createdWith": "wick-model 0.1",
          "someFutureField": true
        }
        """;

    [Fact]
    public void Parse_reads_every_field()
    {
        var manifest = ModelManifest.Parse(FullManifest);

        Assert.Equal(("tiny-arith", "tiny-arith.gguf", "ab12", 660000L), (manifest.Name, manifest.File, manifest.Sha256, manifest.SizeBytes));
        Assert.Equal(new ModelDimensions(258, 64, 64, 2, 4, 4, 256), manifest.Dimensions);
        Assert.Equal(("llama", 164672L, 1L), (manifest.Architecture, manifest.ParameterCount, manifest.Seed));
        Assert.Equal(200, manifest.DataRecipe!.Value.GetProperty("heldOut").GetInt32());
        Assert.Equal(1.0, manifest.Accuracy!.Value.GetProperty("heldOutSums").GetDouble());
        Assert.Equal(("wick-model train-tiny --seed 1", 49.5, "wick-model 0.1"), (manifest.Command, manifest.TrainingSeconds, manifest.CreatedWith));
    }

    [Fact]
    public void ToJson_writes_camel_case_and_reads_back_equal_fields()
    {
        var manifest = ModelManifest.Parse(FullManifest);

        var json = manifest.ToJson();
        var again = ModelManifest.Parse(json);

        Assert.Contains("\"kvHeads\": 4", json, StringComparison.Ordinal);
        Assert.Contains("\"trainingSeconds\": 49.5", json, StringComparison.Ordinal);
        Assert.Equal(manifest.Dimensions, again.Dimensions);
        Assert.Contains("\"+\"", json, StringComparison.Ordinal);
        Assert.Equal("+", again.DataRecipe!.Value.GetProperty("ops")[0].GetString());
        Assert.Equal(200, again.DataRecipe!.Value.GetProperty("heldOut").GetInt32());
        Assert.Equal(manifest with { DataRecipe = null, Accuracy = null }, again with { DataRecipe = null, Accuracy = null });
    }

    [Fact]
    public void Optional_fields_may_be_missing_and_are_left_out_when_null()
    {
        var manifest = ModelManifest.Parse("""{ "name": "m", "file": "m.gguf", "sha256": "00", "dataRecipe": "sums of two digits" }""");

        Assert.Null(manifest.Dimensions);
        Assert.Equal("sums of two digits", manifest.DataRecipe!.Value.GetString());
        Assert.DoesNotContain("accuracy", manifest.ToJson(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "file": "m.gguf", "sha256": "00" }""")]
    [InlineData("null")]
    [InlineData("{ not json")]
    public void Parse_rejects_manifests_without_the_required_fields(string json)
    {
        Assert.ThrowsAny<JsonException>(() => ModelManifest.Parse(json));
    }

    [Fact]
    public void Save_then_Load_round_trips_through_a_file()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.File("manifest.json");
        var manifest = new ModelManifest { Name = "m", File = "m.gguf", Sha256 = "00", Seed = 3 };

        manifest.Save(path);
        var loaded = ModelManifest.Load(path);

        Assert.Equal(manifest, loaded);
        Assert.EndsWith("}\n", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_reports_missing_and_invalid_manifests_as_integrity_failures()
    {
        using var directory = new TemporaryDirectory();
        var missing = directory.File("missing.json");
        var invalid = directory.File("invalid.json");
        File.WriteAllText(invalid, "{");

        var missingError = Assert.Throws<ModelIntegrityException>(() => ModelManifest.Load(missing));
        var invalidError = Assert.Throws<ModelIntegrityException>(() => ModelManifest.Load(invalid));

        Assert.Contains(missing, missingError.Message, StringComparison.Ordinal);
        Assert.Contains(invalid, invalidError.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<JsonException>(invalidError.InnerException);
        Assert.Throws<ArgumentException>(() => ModelManifest.Load(""));
    }
}

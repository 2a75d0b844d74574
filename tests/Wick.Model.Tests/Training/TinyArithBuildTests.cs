using System.Text.Json;
using Wick.Core.Models;
using Wick.Training;

namespace Wick.Model.Tests.Training;

public sealed class TinyArithBuildTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("wick-tiny-build-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact(Timeout = 120_000)]
    public void A_short_build_writes_a_gguf_and_a_manifest_that_verifies()
    {
        var options = new TrainingOptions { Steps = 2, BatchSize = 16, Chunks = 2, HeldOutCount = 12, Seed = 3 };
        var log = new StringWriter();

        var result = TinyArithBuild.Run(options, directory, "wick-model train-tiny --seed 3", log, TestContext.Current.CancellationToken);

        var manifest = ModelManifest.Load(result.ManifestPath);
        ModelIntegrity.VerifySha256(result.GgufPath, manifest.Sha256);
        Assert.Equal(result.Manifest, manifest with { DataRecipe = result.Manifest.DataRecipe, Accuracy = result.Manifest.Accuracy });
        Assert.Equal("tiny-arith.gguf", manifest.File);
        Assert.Equal(3, manifest.Seed);
        Assert.Equal("wick-model train-tiny --seed 3", manifest.Command);
        Assert.Equal(12, TinyArithManifest.HeldOutPairs(manifest).Count);
        Assert.Equal(2, manifest.DataRecipe!.Value.GetProperty("training").GetProperty("steps").GetInt32());
        Assert.Equal(4, manifest.Accuracy!.Value.GetProperty("trainer").EnumerateObject().Count());
        Assert.Equal(result.Training.Weights.Values, TinyLlamaGguf.Read(result.GgufPath).Values);
        var text = log.ToString();
        Assert.Contains("step     2/2", text, StringComparison.Ordinal);
        Assert.Contains("heldOutSums: ", text, StringComparison.Ordinal);
        Assert.Contains("wrong: ", text, StringComparison.Ordinal);
        Assert.Contains("wrote ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_manifest_without_held_out_pairs_is_rejected()
    {
        var bare = new ModelManifest { Name = "x", File = "x.gguf", Sha256 = "00" };
        var noPairs = bare with { DataRecipe = JsonDocument.Parse("{}").RootElement };

        Assert.Throws<InvalidDataException>(() => TinyArithManifest.HeldOutPairs(bare));
        Assert.Throws<InvalidDataException>(() => TinyArithManifest.HeldOutPairs(noPairs));
    }
}

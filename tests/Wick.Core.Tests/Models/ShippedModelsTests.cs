using Wick.Core.Models;

namespace Wick.Core.Tests.Models;

public sealed class ShippedModelsTests
{
    [Fact]
    public void Get_locates_the_manifest_and_verifies_the_file_it_names()
    {
        using var root = new TemporaryDirectory();
        var (gguf, manifestPath) = Ship(root, "m", "weights");

        var model = ShippedModels.Get(root.Path, "m");

        Assert.Equal(gguf, model.GgufPath);
        Assert.Equal(manifestPath, model.ManifestPath);
        Assert.Equal("m", model.Manifest.Name);
    }

    [Fact]
    public void Verification_is_cached_for_the_process()
    {
        using var root = new TemporaryDirectory();
        var (gguf, _) = Ship(root, "m", "weights");
        var first = ShippedModels.Get(root.Path, "m");
        File.WriteAllText(gguf, "changed after the first check");

        var second = ShippedModels.Get(root.Path, "m");

        Assert.Same(first, second);
    }

    [Fact]
    public void A_file_that_does_not_match_its_manifest_is_refused()
    {
        using var root = new TemporaryDirectory();
        var (gguf, _) = Ship(root, "m", "weights");
        File.WriteAllText(gguf, "tampered");

        var error = Assert.Throws<ModelIntegrityException>(() => ShippedModels.Get(root.Path, "m"));

        Assert.Equal(gguf, error.Path);
    }

    [Fact]
    public void Missing_root_or_manifest_is_an_integrity_failure()
    {
        using var root = new TemporaryDirectory();

        Assert.Contains("no folder holding models/tiny-arith", Assert.Throws<ModelIntegrityException>(() => ShippedModels.Get(null, "m")).Message, StringComparison.Ordinal);
        Assert.Contains("manifest.json", Assert.Throws<ModelIntegrityException>(() => ShippedModels.Get(root.Path, "m")).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ShippedModels.Get(root.Path, ""));
    }

    [Fact]
    public void An_unknown_shipped_model_is_an_integrity_failure()
    {
        Assert.Throws<ModelIntegrityException>(() => ShippedModels.Get("no-such-model-" + Guid.NewGuid().ToString("N")));
    }

    [Fact]
    public void Repository_root_is_the_first_start_folder_inside_a_repository()
    {
        using var root = new TemporaryDirectory();
        Directory.CreateDirectory(Path.Combine(root.Path, "models", "tiny-arith", "deep"));
        var inside = Path.Combine(root.Path, "models", "tiny-arith", "deep");

        Assert.Equal(root.Path, RepositoryRoot.Find(Path.GetTempPath(), inside));
        Assert.Null(RepositoryRoot.Find(Path.GetTempPath()));
    }

    [Fact]
    public void TinyArith_is_the_shipped_tiny_model_and_matches_its_manifest()
    {
        Assert.SkipWhen(RepositoryRoot.Find() is null, "models/tiny-arith is not in this checkout yet (the trainer adds it)");

        var model = ShippedModels.TinyArith;

        Assert.Equal("tiny-arith.gguf", Path.GetFileName(model.GgufPath));
        Assert.Equal(model.Manifest.Sha256, ModelIntegrity.ComputeSha256(model.GgufPath));
        Assert.Same(model, ShippedModels.Get("tiny-arith"));
    }

    private static (string Gguf, string Manifest) Ship(TemporaryDirectory root, string name, string content)
    {
        var gguf = root.File(Path.Combine("models", name, name + ".gguf"));
        File.WriteAllText(gguf, content);
        var manifest = root.File(Path.Combine("models", name, "manifest.json"));
        new ModelManifest { Name = name, File = name + ".gguf", Sha256 = ModelIntegrity.ComputeSha256(gguf) }.Save(manifest);
        return (gguf, manifest);
    }
}

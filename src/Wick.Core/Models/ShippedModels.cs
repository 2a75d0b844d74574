using System.Collections.Concurrent;

namespace Wick.Core.Models;

/// <summary>The models under <c>models/</c> in the repository. A model's SHA-256 is checked against its manifest the
/// first time it is asked for in a process; later calls reuse that verdict.</summary>
public static class ShippedModels
{
    private static readonly ConcurrentDictionary<string, ShippedModel> Verified = new(StringComparer.Ordinal);

    /// <summary><c>models/tiny-arith/tiny-arith.gguf</c>, the tiny arithmetic model the certification runs on.</summary>
    public static ShippedModel TinyArith => Get("tiny-arith");

    /// <summary>Locates <c>models/<paramref name="name"/>/manifest.json</c> from the repository root and verifies the
    /// GGUF it names. Throws <see cref="ModelIntegrityException"/> if anything is missing or does not match.</summary>
    public static ShippedModel Get(string name) => Get(RepositoryRoot.Find(), name);

    /// <summary>As <see cref="Get(string)"/>, under an explicit repository root (null: none was found).</summary>
    internal static ShippedModel Get(string? repositoryRoot, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (repositoryRoot is null)
        {
            throw new ModelIntegrityException(
                $"Shipped model '{name}' not found: no folder holding models/tiny-arith lies above '{AppContext.BaseDirectory}' or '{Directory.GetCurrentDirectory()}'.");
        }

        var manifestPath = Path.GetFullPath(Path.Combine(repositoryRoot, "models", name, "manifest.json"));
        var manifest = ModelManifest.Load(manifestPath);
        var ggufPath = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(manifestPath)!, manifest.File));
        var key = $"{ggufPath}|{manifest.Sha256}";
        if (Verified.TryGetValue(key, out var model))
        {
            return model;
        }

        ModelIntegrity.VerifySha256(ggufPath, manifest.Sha256);
        return Verified.GetOrAdd(key, new ShippedModel(ggufPath, manifestPath, manifest));
    }
}

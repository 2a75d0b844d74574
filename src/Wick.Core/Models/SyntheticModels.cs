using System.Diagnostics;
using Wick.Core.Gguf;

namespace Wick.Core.Models;

/// <summary>Random-weight llama GGUFs at real shapes, for benchmarks and engine tests: same compute cost as a real
/// model, no download. Files are written once into the model cache and reused while their parameters match.</summary>
public static class SyntheticModels
{
    public const string CacheEnvironmentVariable = "WICK_MODEL_CACHE";
    public const int DefaultSeed = 42;

    // Bump when the weights or layout for the same parameters change, so cached files are rewritten.
    private const int GeneratorVersion = 1;
    private const string FingerprintKey = "wick.synth.fingerprint";
    private static readonly Lock Gate = new();

    /// <summary>tiny: a ~1M-parameter shape for fast tests; 0.5b: a Qwen2.5-0.5B-like llama shape; 1.1b: TinyLlama-1.1B.
    /// All use a 32000-token vocabulary (byte-level tokens padded with unused ones) except tiny (512).</summary>
    public static IReadOnlyDictionary<string, LlamaShape> Presets { get; } = new Dictionary<string, LlamaShape>(StringComparer.Ordinal)
    {
        ["tiny"] = new(VocabSize: 512, ContextLength: 512, EmbeddingLength: 128, BlockCount: 4, HeadCount: 4, HeadCountKv: 2, FeedForwardLength: 384),
        ["0.5b"] = new(VocabSize: 32000, ContextLength: 4096, EmbeddingLength: 896, BlockCount: 24, HeadCount: 14, HeadCountKv: 2, FeedForwardLength: 4864, RmsNormEpsilon: 1e-6f, RopeFreqBase: 1e6f),
        ["1.1b"] = new(VocabSize: 32000, ContextLength: 2048, EmbeddingLength: 2048, BlockCount: 22, HeadCount: 32, HeadCountKv: 4, FeedForwardLength: 5632),
    };

    /// <summary><c>$WICK_MODEL_CACHE</c>, else <c>&lt;repo&gt;/.cache/models</c>, else a folder under the temp path.</summary>
    public static string DefaultCacheDirectory() =>
        DefaultCacheDirectory(Environment.GetEnvironmentVariable(CacheEnvironmentVariable), RepositoryRoot.Find());

    internal static string DefaultCacheDirectory(string? configured, string? repositoryRoot) =>
        Path.GetFullPath(
            !string.IsNullOrEmpty(configured) ? configured
            : repositoryRoot is not null ? Path.Combine(repositoryRoot, ".cache", "models")
            : Path.Combine(Path.GetTempPath(), "wick-models"));

    /// <summary><c>synth-{preset}-{type}.gguf</c>, with <c>-s{seed}</c> / <c>-c{context}</c> when those differ from the defaults.</summary>
    public static string FileName(string preset, GgmlType type, int seed = DefaultSeed, int? contextLength = null)
    {
        var shape = Shape(preset, contextLength);
        var suffix = (seed != DefaultSeed ? $"-s{seed}" : "") + (shape.ContextLength != Presets[preset].ContextLength ? $"-c{shape.ContextLength}" : "");
        return $"synth-{preset}-{type.ToString().ToLowerInvariant()}{suffix}.gguf";
    }

    /// <summary>Returns the cached model for these parameters, writing it first if it is missing, unreadable or was
    /// written with other parameters. Safe to call from several threads and processes at once.</summary>
    public static SyntheticModel Ensure(string preset, GgmlType type, string? cacheDirectory = null, int seed = DefaultSeed, int? contextLength = null)
    {
        var shape = Shape(preset, contextLength);
        if (type is not (GgmlType.F32 or GgmlType.F16 or GgmlType.Q8_0 or GgmlType.Q4_0))
        {
            throw new ArgumentException($"Synthetic models are written as F32, F16, Q8_0 or Q4_0, not {type}.", nameof(type));
        }

        var directory = Path.GetFullPath(cacheDirectory ?? DefaultCacheDirectory());
        var path = Path.Combine(directory, FileName(preset, type, seed, contextLength));
        var fingerprint = $"v{GeneratorVersion} preset={preset} type={type} seed={seed} {shape}";
        lock (Gate)
        {
            if (HasFingerprint(path, fingerprint))
            {
                return new SyntheticModel(path, preset, type, shape, seed, Created: false);
            }

            Directory.CreateDirectory(directory);
            var writer = CreateWriter(preset, shape, type, seed, fingerprint);

            // A private temporary name, so two processes writing the same model never share a file; the bytes are
            // deterministic, so whichever move lands last leaves the same file.
            var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
            try
            {
                using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 20))
                {
                    writer.WriteTo(stream);
                }

                File.Move(temporary, path, overwrite: true);
            }
            finally
            {
                File.Delete(temporary);
            }

            return new SyntheticModel(path, preset, type, shape, seed, Created: true);
        }
    }

    internal static GgufWriter CreateWriter(string preset, LlamaShape shape, GgmlType type, int seed, string fingerprint)
    {
        var writer = new GgufWriter();
        LlamaGguf.AddArchitectureMetadata(writer, shape, $"synth-{preset}");
        LlamaGguf.AddFileType(writer, type);
        ByteLevelVocabulary.AddTokenizerMetadata(writer, shape.VocabSize);
        writer.Add(FingerprintKey, fingerprint);
        foreach (var tensor in LlamaGguf.Tensors(shape))
        {
            writer.AddTensor(
                tensor.Name,
                tensor.IsNorm ? GgmlType.F32 : type,
                tensor.Dimensions,
                tensor.IsNorm ? SyntheticWeights.Ones : SyntheticWeights.Random(seed, tensor.Name));
        }

        return writer;
    }

    private static LlamaShape Shape(string preset, int? contextLength)
    {
        ArgumentNullException.ThrowIfNull(preset);
        if (!Presets.TryGetValue(preset, out var shape))
        {
            throw new ArgumentException($"Unknown synthetic preset '{preset}'; known: {string.Join(", ", Presets.Keys)}.", nameof(preset));
        }

        if (contextLength is { } context)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(context, nameof(contextLength));
            shape = shape with { ContextLength = context };
        }

        return shape;
    }

    private static bool HasFingerprint(string path, string fingerprint)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        try
        {
            return GgufFile.Read(path).Metadata.TryGetValue(FingerprintKey, out var value)
                && value.Value is string stored && stored == fingerprint;
        }
        catch (GgufFormatException e)
        {
            Trace.TraceWarning($"Rewriting unreadable synthetic model '{path}': {e.Message}");
            return false;
        }
    }
}

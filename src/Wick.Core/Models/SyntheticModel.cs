using Wick.Core.Gguf;

namespace Wick.Core.Models;

/// <summary>A random-weight llama GGUF in the model cache. <see cref="Created"/> is false when an identical file was
/// already there.</summary>
public sealed record SyntheticModel(string Path, string Preset, GgmlType Type, LlamaShape Shape, int Seed, bool Created);

namespace Wick.Bench.Models;

/// <summary>A model to benchmark: its short name in tables and its GGUF path.</summary>
internal sealed record BenchModel(string Name, string Path);

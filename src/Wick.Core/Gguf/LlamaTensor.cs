namespace Wick.Core.Gguf;

/// <summary>One tensor of a llama model: its llama.cpp name and ggml dimensions. Norm weights stay F32 whatever the
/// file type (<see cref="IsNorm"/>).</summary>
public sealed record LlamaTensor(string Name, IReadOnlyList<long> Dimensions, bool IsNorm);

namespace Wick.Core.Execution;

/// <summary>How to load a GGUF model with llama.cpp.</summary>
public sealed record LlamaModelOptions
{
    /// <summary>Layers offloaded to a GPU when the backend has one (ignored by the CPU backend); the default offloads all.</summary>
    public int GpuLayerCount { get; init; } = 999;
}

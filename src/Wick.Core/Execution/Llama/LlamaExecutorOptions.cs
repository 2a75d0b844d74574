namespace Wick.Core.Execution.Llama;

/// <summary>How to open a GGUF in llama.cpp for serving.</summary>
public sealed record LlamaExecutorOptions(string ModelPath)
{
    /// <summary>KV cells shared by all sequences (0: the model's training context, so one sequence can use all of it).</summary>
    public int ContextSize { get; init; }

    /// <summary>Sequence slots (llama.cpp <c>n_seq_max</c>).</summary>
    public int MaxSequences { get; init; } = 32;

    /// <summary>Tokens one decode accepts (llama.cpp <c>n_batch</c>, also used as <c>n_ubatch</c>).</summary>
    public int BatchSize { get; init; } = 512;

    /// <summary>CPU threads (0: every core). LLamaSharp's own default, half the cores, leaves a 2-core box at 1.</summary>
    public int Threads { get; init; }

    /// <summary>Flash attention and an F16 KV cache are llama.cpp's fast defaults; exact comparisons need them off / F32.</summary>
    public bool ExactNumerics { get; init; }

    /// <summary>Layers to offload to a GPU backend (ignored by the CPU backend).</summary>
    public int GpuLayers { get; init; }
}

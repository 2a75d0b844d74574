using LLama.Common;

namespace Wick.Bench.Baselines;

/// <summary>
/// The llama.cpp context every phase uses, as Wick's <c>LlamaExecutor.Open</c> builds it: <see cref="Threads"/> for
/// decode and batch, a batch (and micro-batch) of <see cref="BatchSize"/> tokens, llama.cpp's defaults otherwise
/// (flash attention auto, F16 KV cache, unified KV).
/// </summary>
internal sealed record ContextSettings(string ModelPath, int ContextSize, int Sequences, int Threads, int BatchSize = 512)
{
    public ModelParams ToModelParams() => new(ModelPath)
    {
        ContextSize = (uint)ContextSize,
        SeqMax = (uint)Sequences,
        BatchSize = (uint)BatchSize,
        UBatchSize = (uint)BatchSize,
        Threads = Threads,
        BatchThreads = Threads,
    };

    /// <summary>Room for <paramref name="sequences"/> sequences of a prompt (plus BOS) and its output, with slack, in 256-cell steps.</summary>
    public static int ContextFor(int sequences, int inputLength, int outputLength)
    {
        var cells = ((long)sequences * (inputLength + outputLength + 2)) + 256;
        return (int)Math.Min((cells + 255) / 256 * 256, 1 << 24);
    }
}

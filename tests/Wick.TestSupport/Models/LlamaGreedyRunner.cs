using LLama;
using LLama.Common;
using LLama.Native;
using Wick.Core.Execution;

namespace Wick.TestSupport.Models;

/// <summary>
/// Greedy generation and raw logits through real llama.cpp (LLamaSharp's low-level API), for tests that check a model
/// file. Flash attention is off and the KV cache is F32, so logits can be compared with a reference to ~1e-6
/// (ENGINE-NOTES). One sequence, one caller at a time.
/// </summary>
public sealed class LlamaGreedyRunner : IDisposable
{
    private readonly LLamaWeights weights;
    private readonly LLamaContext context;

    /// <summary>Loads <paramref name="ggufPath"/> (the caller verifies its integrity first).</summary>
    public LlamaGreedyRunner(string ggufPath, uint contextSize = 64, int threads = 2)
    {
        NativeRuntime.Initialize();
        var parameters = new ModelParams(ggufPath)
        {
            ContextSize = contextSize,
            BatchSize = contextSize,
            UBatchSize = contextSize,
            Threads = threads,
            BatchThreads = threads,
            GpuLayerCount = 0,
            FlashAttention = false,
            TypeK = GGMLType.GGML_TYPE_F32,
            TypeV = GGMLType.GGML_TYPE_F32,
        };
        weights = LLamaWeights.LoadFromFile(parameters);
        try
        {
            context = weights.CreateContext(parameters);
        }
        catch
        {
            weights.Dispose();
            throw;
        }

        Vocabulary = weights.NativeHandle.Vocab;
    }

    /// <summary>The model's vocabulary (BOS, EOS, token count).</summary>
    public SafeLlamaModelHandle.Vocabulary Vocabulary { get; }

    /// <summary>The end-of-sequence token id.</summary>
    public int Eos => (int)(Vocabulary.EOS ?? throw new InvalidOperationException("The model has no EOS token."));

    /// <summary>llama.cpp's tokenization of <paramref name="text"/>.</summary>
    public int[] Tokenize(string text, bool addBos = true) =>
        [.. context.Tokenize(text, addBos, special: false).Select(t => (int)t)];

    /// <summary>The logits after the last token of <paramref name="tokens"/> (decoded from an empty cache).</summary>
    public float[] FinalLogits(IReadOnlyList<int> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        Prefill(tokens);
        return context.NativeHandle.GetLogitsIth(tokens.Count - 1).ToArray();
    }

    /// <summary>Greedy (argmax) tokens after <paramref name="prompt"/>, up to <paramref name="maxNewTokens"/> or EOS (included).</summary>
    public IReadOnlyList<int> Greedy(IReadOnlyList<int> prompt, int maxNewTokens, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        var generated = new List<int>();
        if (maxNewTokens <= 0)
        {
            return generated;
        }

        Prefill(prompt);
        var logits = context.NativeHandle.GetLogitsIth(prompt.Count - 1);
        var position = prompt.Count;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var next = ArgMax(logits);
            generated.Add(next);
            if (next == Eos || generated.Count == maxNewTokens || position >= context.ContextSize)
            {
                return generated;
            }

            var batch = new LLamaBatch();
            batch.Add((LLamaToken)next, position++, (LLamaSeqId)0, true);
            Decode(batch);
            logits = context.NativeHandle.GetLogitsIth(0);
        }
    }

    /// <summary>Greedy completion of <paramref name="prompt"/> (BOS added) as text; <c>&lt;eos&gt;</c> marks the EOS.</summary>
    public string Complete(string prompt, int maxNewTokens, CancellationToken cancellationToken = default)
    {
        var output = Greedy(Tokenize(prompt), maxNewTokens, cancellationToken);
        var bytes = output.Where(t => t is >= 0 and < 256).Select(t => (byte)t).ToArray();
        return System.Text.Encoding.UTF8.GetString(bytes) + (output.Count > 0 && output[^1] == Eos ? "<eos>" : string.Empty);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        context.Dispose();
        weights.Dispose();
    }

    /// <summary>Index of the largest value (the first one on ties).</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }

    private void Prefill(IReadOnlyList<int> tokens)
    {
        if (tokens.Count == 0 || tokens.Count > context.ContextSize)
        {
            throw new ArgumentException($"A prompt needs 1..{context.ContextSize} tokens, got {tokens.Count}.", nameof(tokens));
        }

        context.NativeHandle.MemoryClear(true);
        var batch = new LLamaBatch();
        for (var i = 0; i < tokens.Count; i++)
        {
            batch.Add((LLamaToken)tokens[i], i, (LLamaSeqId)0, i == tokens.Count - 1);
        }

        Decode(batch);
    }

    private void Decode(LLamaBatch batch)
    {
        var result = context.NativeHandle.Decode(batch);
        if (result != DecodeResult.Ok)
        {
            throw new InvalidOperationException($"llama_decode failed: {result}.");
        }
    }
}

using System.Text;
using LLama;
using LLama.Common;
using LLama.Native;
using Microsoft.Extensions.Logging;
using Wick.Core.Text;

namespace Wick.Core.Execution;

/// <summary>
/// A GGUF model loaded with llama.cpp: its vocabulary, special tokens, metadata and tokenizer, and the executors
/// (llama.cpp contexts) built on it. Dispose the executors first.
/// </summary>
public sealed class LlamaModel : IDisposable
{
    private readonly LLamaWeights weights;
    private readonly ModelParams parameters;

    private LlamaModel(LLamaWeights weights, ModelParams parameters)
    {
        this.weights = weights;
        this.parameters = parameters;
        var vocabulary = weights.NativeHandle.Vocab;
        Vocabulary = new LlamaVocabulary(vocabulary);
        BosToken = Id(vocabulary.BOS);
        EosToken = Id(vocabulary.EOS);
        AddsBosToken = vocabulary.ShouldAddBOS;
    }

    /// <summary>Token bytes and end-of-generation tokens.</summary>
    public ITokenVocabulary Vocabulary { get; }

    public int? BosToken { get; }

    public int? EosToken { get; }

    /// <summary>Whether the model expects a BOS token in front of a prompt.</summary>
    public bool AddsBosToken { get; }

    /// <summary>The context length the model was trained with (<c>context_length</c>).</summary>
    public int TrainedContextLength => weights.ContextSize;

    /// <summary>GGUF metadata as strings (e.g. <c>tokenizer.chat_template</c>, <c>general.name</c>).</summary>
    public IReadOnlyDictionary<string, string> Metadata => weights.Metadata;

    /// <summary>Loads <paramref name="path"/>; sets up the native runtime first (OpenMP wait policy, log routing).</summary>
    public static LlamaModel Load(string path, LlamaModelOptions? options = null, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new LlamaModelOptions();
        NativeRuntime.Initialize(logger);
        var parameters = new ModelParams(path) { GpuLayerCount = options.GpuLayerCount };
        return new LlamaModel(LLamaWeights.LoadFromFile(parameters), parameters);
    }

    /// <summary>
    /// Token ids of <paramref name="text"/>, with the model's BOS token first when <paramref name="addBos"/>;
    /// <paramref name="parseSpecial"/> turns special-token text (e.g. <c>&lt;|im_start|&gt;</c>) into those tokens.
    /// </summary>
    public int[] Tokenize(string text, bool addBos, bool parseSpecial)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Array.ConvertAll(weights.Tokenize(text, addBos, parseSpecial, Encoding.UTF8), t => (int)t);
    }

    /// <summary>A llama.cpp context on this model for the engine; its decode calls must stay on one thread.</summary>
    public LlamaExecutor CreateExecutor(LlamaExecutorOptions? options = null)
    {
        options ??= new LlamaExecutorOptions();
        options.Validate();
        var contextParameters = new ModelParams(parameters.ModelPath)
        {
            ContextSize = (uint)options.ContextSize,
            SeqMax = (uint)options.MaxSequences,
            BatchSize = (uint)options.BatchSize,
            UBatchSize = (uint)options.MicroBatchSize,
            Threads = options.Threads,
            BatchThreads = options.BatchThreads,
            FlashAttention = options.FlashAttention,
            KVUnified = true,
            TypeK = options.F32KvCache ? GGMLType.GGML_TYPE_F32 : null,
            TypeV = options.F32KvCache ? GGMLType.GGML_TYPE_F32 : null,
        };
        var executor = new LlamaExecutor(weights.CreateContext(contextParameters), Vocabulary);
        if (options.Warmup)
        {
            executor.Warmup(BosToken ?? 0);
        }

        return executor;
    }

    public void Dispose() => weights.Dispose();

    /// <summary>A special token's id; null when the model has none.</summary>
    internal static int? Id(LLamaToken? token) => token.HasValue ? (int)token.Value : null;
}

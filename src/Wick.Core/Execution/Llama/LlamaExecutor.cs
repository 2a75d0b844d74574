using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LLama;
using LLama.Common;
using LLama.Native;
using Wick.Core.Errors;
using Wick.Core.Text;

namespace Wick.Core.Execution.Llama;

/// <summary>
/// The real device: one llama.cpp context with <see cref="MaxSequences"/> sequence slots over a unified KV cache,
/// driven through LLamaSharp's low-level batch API. Decode, logits and KV removal run on the engine thread; loading and
/// tokenization run on the executor's own native worker thread; nothing native runs on the thread pool. A decode can
/// be stopped from any thread through llama.cpp's abort callback, which polls a native flag.
/// </summary>
public sealed class LlamaExecutor : IModelExecutor, IPromptTokenizer, IDisposable
{
    private readonly NativeWorker _worker;
    private readonly LLamaWeights _weights;
    private readonly LLamaContext _context;
    private readonly LlamaVocabulary _vocabulary;
    private readonly LLamaBatch _batch = new();
    private readonly IntPtr _abortFlag;
    private readonly int[] _slotLength;
    private int _cellsInUse;
    private bool _disposed;

    private LlamaExecutor(NativeWorker worker, LLamaWeights weights, LLamaContext context, LlamaExecutorOptions options, int trainingContext)
    {
        _worker = worker;
        _weights = weights;
        _context = context;
        _vocabulary = new LlamaVocabulary(weights.NativeHandle);
        MaxSequences = options.MaxSequences;
        KvCapacity = (int)context.ContextSize;
        MaxBatchTokens = options.BatchSize;
        TrainingContextLength = trainingContext;
        _slotLength = new int[MaxSequences];
        unsafe
        {
            _abortFlag = (IntPtr)NativeMemory.AllocZeroed(sizeof(int));
            NativeApi.llama_set_abort_callback(context.NativeHandle, (IntPtr)(delegate* unmanaged[Cdecl]<IntPtr, byte>)&AbortRequested, _abortFlag);
        }
    }

    /// <summary>llama.cpp's own ceiling on <c>n_seq_max</c> (<c>LLAMA_MAX_SEQ</c>); more aborts the process natively.</summary>
    public const int MaxParallelSequences = 256;

    public ITokenVocabulary Vocabulary => _vocabulary;

    public int MaxSequences { get; }

    public int KvCapacity { get; }

    public int MaxBatchTokens { get; }

    /// <summary>The context length the model was trained with (GGUF <c>context_length</c>).</summary>
    public int TrainingContextLength { get; }

    public int KvCellsInUse => _cellsInUse;

    /// <summary>Loads the model and creates its context on a dedicated native thread.</summary>
    public static async Task<LlamaExecutor> LoadAsync(LlamaExecutorOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxSequences, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.MaxSequences, MaxParallelSequences);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1);
        NativeRuntime.Initialize();
        var worker = new NativeWorker("wick-native");
        try
        {
            return await worker.RunAsync(() => Open(worker, options), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            worker.Dispose();
            throw;
        }
    }

    public StepOutcome Decode(StepBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        _batch.Clear();
        var slots = batch.Slots;
        var tokens = batch.Tokens;
        var positions = batch.Positions;
        var logits = batch.NeedsLogits;
        for (var row = 0; row < batch.Count; row++)
        {
            _batch.Add((LLamaToken)tokens[row], positions[row], (LLamaSeqId)slots[row], logits[row]);
        }

        var result = _context.NativeHandle.Decode(_batch);
        switch (result)
        {
            case DecodeResult.Ok:
                for (var row = 0; row < batch.Count; row++)
                {
                    Grow(slots[row], positions[row] + 1);
                }

                return StepOutcome.Ok;
            case DecodeResult.ComputeAborted:
                return new StepOutcome(StepStatus.Aborted, "llama_decode was aborted");
            case DecodeResult.NoKvSlot:
                return new StepOutcome(StepStatus.KvExhausted, "llama_decode found no KV slot for the batch");
            default:
                return new StepOutcome(StepStatus.Failed, $"llama_decode failed: {result}");
        }
    }

    public Span<float> GetLogits(int row) => _context.NativeHandle.GetLogitsIth(row);

    public void RemoveCells(int slot, int fromPosition)
    {
        _context.NativeHandle.MemorySequenceRemove((LLamaSeqId)slot, fromPosition, -1);
        var kept = Math.Min(_slotLength[slot], Math.Max(0, fromPosition));
        _cellsInUse -= _slotLength[slot] - kept;
        _slotLength[slot] = kept;
    }

    public unsafe void RequestAbort() => Volatile.Write(ref *(int*)_abortFlag, 1);

    public unsafe void ClearAbort() => Volatile.Write(ref *(int*)_abortFlag, 0);

    /// <summary>Tokenizes with the model's tokenizer on the native worker thread.</summary>
    public async ValueTask<IReadOnlyList<int>> TokenizeAsync(string text, bool addSpecial, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        return await _worker.RunAsync(
            () => (IReadOnlyList<int>)[.. _weights.NativeHandle.Tokenize(text, addSpecial, addSpecial, System.Text.Encoding.UTF8).Select(t => (int)t)],
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Frees the context and the weights. Dispose the engine that drives this executor first.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _context.Dispose();
        _weights.Dispose();
        unsafe
        {
            NativeMemory.Free((void*)_abortFlag);
        }

        _worker.Dispose();
    }

    private static LlamaExecutor Open(NativeWorker worker, LlamaExecutorOptions options)
    {
        var gguf = Gguf.GgufFile.Read(options.ModelPath);
        var trainingContext = (int)Math.Clamp(gguf.ContextLength ?? 2048, 1, int.MaxValue);
        var contextSize = options.ContextSize > 0 ? options.ContextSize : DefaultContextSize(trainingContext, options.MaxSequences);
        var threads = options.Threads > 0 ? options.Threads : Environment.ProcessorCount;
        var parameters = new ModelParams(options.ModelPath)
        {
            ContextSize = (uint)contextSize,
            SeqMax = (uint)options.MaxSequences,
            BatchSize = (uint)options.BatchSize,
            UBatchSize = (uint)options.BatchSize,
            Threads = threads,
            BatchThreads = threads,
            GpuLayerCount = options.GpuLayers,
        };
        if (options.ExactNumerics)
        {
            parameters.FlashAttention = false;
            parameters.TypeK = GGMLType.GGML_TYPE_F32;
            parameters.TypeV = GGMLType.GGML_TYPE_F32;
        }

        RequireKvCacheFits(gguf, contextSize, options.ExactNumerics);
        var weights = LLamaWeights.LoadFromFile(parameters);
        var executor = new LlamaExecutor(worker, weights, CreateContext(weights, parameters), options, trainingContext);
        executor.WarmUp();
        return executor;
    }

    [ExcludeFromCodeCoverage(Justification = "llama.cpp fails context creation only when an allocation fails; RequireKvCacheFits refuses the known case before it, and the remaining ones cannot be provoked without exhausting the test machine's memory.")]
    private static LLamaContext CreateContext(LLamaWeights weights, ModelParams parameters)
    {
        try
        {
            return weights.CreateContext(parameters);
        }
        catch
        {
            weights.Dispose();
            throw;
        }
    }

    /// <summary>
    /// llama.cpp does not fail cleanly when its KV cache cannot be allocated (the process can crash), so a context
    /// that cannot fit in memory is refused here, with the size and the fix, before llama.cpp tries.
    /// </summary>
    private static void RequireKvCacheFits(Gguf.GgufFile gguf, int contextSize, bool exactNumerics)
    {
        var embedding = gguf.EmbeddingLength ?? 0;
        var heads = Math.Max(1, GgufCount(gguf, "attention.head_count"));
        var kvHeads = Math.Max(1, GgufCount(gguf, "attention.head_count_kv", heads));
        var bytesPerValue = exactNumerics ? 4 : 2;
        var kvBytes = (double)contextSize * (gguf.BlockCount ?? 0) * 2 * (embedding / heads * kvHeads) * bytesPerValue;
        var available = (double)GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (kvBytes > available * 0.8)
        {
            throw new ModelLoadException(
                $"A KV cache of {contextSize} cells needs {kvBytes / (1 << 30):F1} GiB, more than the {available / (1 << 30):F1} GiB of memory here: lower --ctx-size (or --parallel).");
        }
    }

    internal static long GgufCount(Gguf.GgufFile gguf, string key, long fallback = 1) =>
        gguf.Architecture is { } arch && gguf.Metadata.TryGetValue($"{arch}.{key}", out var value) && value.IsInteger ? value.AsInt64() : fallback;

    /// <summary>Room for every slot to hold a full training context, bounded so a large model's KV stays affordable.</summary>
    private static int DefaultContextSize(int trainingContext, int sequences) =>
        (int)Math.Clamp((long)trainingContext * sequences, trainingContext, Math.Max(trainingContext, 32_768));

    /// <summary>
    /// One throw-away decode at load time: it pages the weights in and builds llama.cpp's compute graph, so the first
    /// real step is not the slow one that trips a short step timeout.
    /// </summary>
    private void WarmUp()
    {
        var batch = new StepBatch(1);
        batch.Add(0, 0, 0, needsLogits: true);
        Decode(batch);
        RemoveCells(0, 0);
    }

    /// <summary>A decoded row at position p means the slot holds cells 0..p (rows of one slot arrive in position order).</summary>
    private void Grow(int slot, int length)
    {
        var grown = Math.Max(_slotLength[slot], length);
        _cellsInUse += grown - _slotLength[slot];
        _slotLength[slot] = grown;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static unsafe byte AbortRequested(IntPtr flag) => Volatile.Read(ref *(int*)flag) != 0 ? (byte)1 : (byte)0;
}

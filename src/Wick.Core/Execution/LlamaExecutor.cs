using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LLama;
using LLama.Native;
using Wick.Core.Text;

namespace Wick.Core.Execution;

/// <summary>
/// The device: one llama.cpp context with a unified KV cache whose sequence ids are the engine's slots. Each step
/// builds one <see cref="LLamaBatch"/> and decodes it; an abort flag in native memory, read by llama.cpp's abort
/// callback between graph nodes, lets the watchdog stop a running decode.
/// </summary>
public sealed unsafe class LlamaExecutor : IModelExecutor, IDisposable
{
    private readonly LLamaContext context;
    private readonly SafeLLamaContextHandle handle;
    private readonly LLamaBatch batch = new();
    private int* abortFlag;

    internal LlamaExecutor(LLamaContext context, ITokenVocabulary vocabulary)
    {
        this.context = context;
        handle = context.NativeHandle;
        Vocabulary = vocabulary;
        MaxSequences = (int)handle.MaxSeq;
        KvCapacity = (int)handle.ContextSize;
        MaxBatchTokens = (int)handle.BatchSize;
        abortFlag = (int*)NativeMemory.AllocZeroed(sizeof(int));
        NativeApi.llama_set_abort_callback(handle, (IntPtr)(delegate* unmanaged[Cdecl]<void*, byte>)&ShouldAbort, (IntPtr)abortFlag);
    }

    public ITokenVocabulary Vocabulary { get; }

    public int MaxSequences { get; }

    public int KvCapacity { get; }

    public int MaxBatchTokens { get; }

    /// <summary>Cells held, from llama.cpp's own per-sequence position ranges (sequences are contiguous).</summary>
    public int KvCellsInUse
    {
        get
        {
            var cells = 0;
            for (var slot = 0; slot < MaxSequences; slot++)
            {
                var max = (int)handle.MemorySequenceMaxPosition((LLamaSeqId)slot);
                if (max >= 0)
                {
                    cells += max - (int)handle.MemorySequenceMinPosition((LLamaSeqId)slot) + 1;
                }
            }

            return cells;
        }
    }

    public StepOutcome Decode(StepBatch plan)
    {
        batch.Clear();
        var slots = plan.Slots;
        var tokens = plan.Tokens;
        var positions = plan.Positions;
        var logits = plan.NeedsLogits;
        for (var i = 0; i < plan.Count; i++)
        {
            batch.Add(tokens[i], positions[i], (LLamaSeqId)slots[i], logits[i]);
        }

        return handle.Decode(batch) switch
        {
            DecodeResult.Ok => StepOutcome.Ok,
            DecodeResult.ComputeAborted => new StepOutcome(StepStatus.Aborted),
            DecodeResult.NoKvSlot => new StepOutcome(StepStatus.KvExhausted),
            var other => new StepOutcome(StepStatus.Failed, $"llama_decode returned {other}"),
        };
    }

    /// <summary>Decodes one token in slot 0 and removes it again: pages the weights in and sizes the compute buffers.</summary>
    internal StepOutcome Warmup(int token)
    {
        var plan = new StepBatch(1);
        plan.Add(0, token, 0, needsLogits: true);
        var outcome = Decode(plan);
        RemoveCells(0, 0);
        return outcome;
    }

    public Span<float> GetLogits(int row) => handle.GetLogitsIth(row);

    public void RemoveCells(int slot, int fromPosition) => handle.MemorySequenceRemove((LLamaSeqId)slot, fromPosition, -1);

    public void RequestAbort() => Volatile.Write(ref *abortFlag, 1);

    public void ClearAbort() => Volatile.Write(ref *abortFlag, 0);

    public void Dispose()
    {
        if (abortFlag is null)
        {
            return;
        }

        // The context goes first: after that no decode can call back into the flag.
        context.Dispose();
        NativeMemory.Free(abortFlag);
        abortFlag = null;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static byte ShouldAbort(void* flag) => Volatile.Read(ref *(int*)flag) != 0 ? (byte)1 : (byte)0;
}

namespace Wick.Core.Execution;

/// <summary>
/// The llama.cpp context behind a <see cref="LlamaExecutor"/>: KV cells shared by all sequences (unified KV cache),
/// sequence slots, batch sizes and threads. Threads default to every core: LLamaSharp's own default (half the cores)
/// leaves a 2-core machine on one thread.
/// </summary>
public sealed record LlamaExecutorOptions
{
    /// <summary>KV cells shared by all sequences; also the longest one sequence can be. llama.cpp may round it up.</summary>
    public int ContextSize { get; init; } = 4096;

    /// <summary>Sequences decoded together at most (llama.cpp <c>n_seq_max</c>).</summary>
    public int MaxSequences { get; init; } = 16;

    /// <summary>Tokens one decode accepts at most (llama.cpp <c>n_batch</c>).</summary>
    public int BatchSize { get; init; } = 512;

    /// <summary>Tokens computed in one graph pass (llama.cpp <c>n_ubatch</c>); at most <see cref="BatchSize"/>.</summary>
    public int MicroBatchSize { get; init; } = 512;

    /// <summary>Threads for single-token decode steps.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Threads for prompt (batch) processing.</summary>
    public int BatchThreads { get; init; } = Environment.ProcessorCount;

    /// <summary>Flash attention: null lets llama.cpp decide.</summary>
    public bool? FlashAttention { get; init; }

    /// <summary>Keep K and V in F32 instead of F16: bit-exact comparisons with a reference implementation, twice the memory.</summary>
    public bool F32KvCache { get; init; }

    /// <summary>
    /// Run one throw-away decode when the executor is created, so the first real step does not pay for paging the
    /// weights in and allocating compute buffers (it would otherwise risk the step time limit).
    /// </summary>
    public bool Warmup { get; init; } = true;

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ContextSize, 16);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxSequences);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BatchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MicroBatchSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MicroBatchSize, BatchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Threads);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BatchThreads);
    }
}

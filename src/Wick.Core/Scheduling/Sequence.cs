namespace Wick.Core.Scheduling;

/// <summary>
/// The scheduling state of one request (nano-vllm style): its tokens (prompt, then generated), how many of them are in
/// the KV cache, the cells reserved for it and the device slot it holds. Owned by the engine thread.
/// </summary>
internal class Sequence
{
    private readonly List<int> tokens;

    public Sequence(long id, IReadOnlyList<int> prompt, int maxTokens)
    {
        Id = id;
        tokens = new List<int>(prompt.Count + Math.Min(maxTokens, 256));
        tokens.AddRange(prompt);
        PromptLength = prompt.Count;
        MaxTokens = maxTokens;
    }

    /// <summary>Arrival order: lower ids arrived first.</summary>
    public long Id { get; }

    public int PromptLength { get; }

    /// <summary>Most tokens this sequence may generate (already capped to what the context holds).</summary>
    public int MaxTokens { get; }

    public IReadOnlyList<int> Tokens => tokens;

    public int GeneratedCount => tokens.Count - PromptLength;

    /// <summary>Leading tokens whose KV entries are on the device.</summary>
    public int CachedCount { get; set; }

    /// <summary>KV cells reserved for this sequence in the scheduler's ledger (at least <see cref="CachedCount"/>).</summary>
    public int Allocated { get; set; }

    /// <summary>The device slot while running; -1 otherwise.</summary>
    public int Slot { get; set; } = -1;

    public SequenceStatus Status { get; set; } = SequenceStatus.Queued;

    /// <summary>Tokens not yet in the KV cache: the rest of the prompt while prefilling, 1 while decoding.</summary>
    public int PendingTokens => tokens.Count - CachedCount;

    public void AppendToken(int tokenId) => tokens.Add(tokenId);
}

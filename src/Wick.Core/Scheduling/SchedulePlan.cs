namespace Wick.Core.Scheduling;

/// <summary>
/// What one step runs: the chunks in batch order, the sequences admitted into the running set by this plan, and the
/// preempted ones whose device slots must have their KV cells removed before the step.
/// </summary>
internal sealed class SchedulePlan
{
    private readonly List<ScheduledChunk> chunks = [];
    private readonly List<Sequence> admitted = [];
    private readonly List<(Sequence Sequence, int Slot)> preempted = [];

    public IReadOnlyList<ScheduledChunk> Chunks => chunks;

    public IReadOnlyList<Sequence> Admitted => admitted;

    public IReadOnlyList<(Sequence Sequence, int Slot)> Preempted => preempted;

    public int TokenCount { get; private set; }

    public bool IsEmpty => chunks.Count == 0;

    internal void AddChunk(ScheduledChunk chunk)
    {
        chunks.Add(chunk);
        TokenCount += chunk.Count;
    }

    internal void AddAdmitted(Sequence sequence) => admitted.Add(sequence);

    internal void AddPreempted(Sequence sequence, int slot) => preempted.Add((sequence, slot));

    internal void Clear()
    {
        chunks.Clear();
        admitted.Clear();
        preempted.Clear();
        TokenCount = 0;
    }
}

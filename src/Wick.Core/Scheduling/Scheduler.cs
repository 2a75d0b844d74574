namespace Wick.Core.Scheduling;

/// <summary>
/// Continuous batching over a running set and a queue of preempted sequences. Each step, in this order:
/// <list type="number">
/// <item>one decode token for every running sequence whose prompt is cached, oldest first; a sequence that needs a
/// KV cell when none is free preempts the newest running sequence (itself if it is the newest);</item>
/// <item>a prefill chunk (at most <see cref="SchedulerLimits.PrefillChunk"/> tokens) for each running sequence still
/// prefilling;</item>
/// <item>new sequences — preempted ones first, then the admission source in FIFO order — while the token budget, the
/// running limit, a free slot and the KV ledger allow. A newcomer reserves cells for all its tokens and leaves one
/// free cell per running sequence for their next decode. The head of the line is never skipped.</item>
/// </list>
/// Everything is bounded by <see cref="SchedulerLimits.StepTokenBudget"/> tokens per step. Pure state: the engine
/// applies the plan to the device (removing preempted slots' cells) and reports back.
/// </summary>
internal sealed class Scheduler
{
    private readonly SchedulerLimits limits;
    private readonly List<Sequence> running = [];
    private readonly LinkedList<Sequence> waiting = new();
    private readonly Stack<int> freeSlots = new();
    private readonly SchedulePlan plan = new();

    public Scheduler(SchedulerLimits limits)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limits.MaxRunning);
        ArgumentOutOfRangeException.ThrowIfLessThan(limits.StepTokenBudget, limits.MaxRunning);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limits.PrefillChunk);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limits.KvCapacity);
        this.limits = limits;
        for (var slot = limits.MaxRunning - 1; slot >= 0; slot--)
        {
            freeSlots.Push(slot);
        }
    }

    public SchedulerLimits Limits => limits;

    /// <summary>Running sequences in admission order (newest last).</summary>
    public IReadOnlyList<Sequence> Running => running;

    /// <summary>Preempted sequences waiting to be recomputed, oldest first.</summary>
    public IEnumerable<Sequence> Waiting => waiting;

    public int WaitingCount => waiting.Count;

    /// <summary>KV cells reserved by running sequences.</summary>
    public int KvReserved { get; private set; }

    public int KvFree => limits.KvCapacity - KvReserved;

    /// <summary>Plans the next step. The returned plan is reused by the next call.</summary>
    public SchedulePlan Schedule(IAdmissionSource source)
    {
        plan.Clear();
        var budget = limits.StepTokenBudget;

        // 1. Decode tokens first, oldest first, so running streams keep flowing whatever else is happening.
        for (var i = 0; i < running.Count && budget > 0; i++)
        {
            var sequence = running[i];
            if (sequence.PendingTokens == 1 && Reserve(sequence))
            {
                plan.AddChunk(new ScheduledChunk(sequence, sequence.CachedCount, 1, NeedsLogits: true));
                budget--;
            }
        }

        // 2. Continue prompts already admitted: their cells were reserved at admission.
        for (var i = 0; i < running.Count && budget > 0; i++)
        {
            var sequence = running[i];
            if (sequence.PendingTokens > 1)
            {
                budget -= AddPrefillChunk(sequence, budget);
            }
        }

        // 3. Admit: preempted sequences first, then the source, strictly in order.
        while (budget > 0 && running.Count < limits.MaxRunning)
        {
            var fromWaiting = waiting.First is not null;
            var sequence = fromWaiting ? waiting.First!.Value : source.Peek();
            if (sequence is null || KvFree - sequence.Tokens.Count < running.Count)
            {
                break;
            }

            if (fromWaiting)
            {
                waiting.RemoveFirst();
            }
            else
            {
                source.Take(sequence);
            }

            sequence.Slot = freeSlots.Pop();
            sequence.Status = SequenceStatus.Running;
            sequence.CachedCount = 0;
            sequence.Allocated = sequence.Tokens.Count;
            KvReserved += sequence.Allocated;
            running.Add(sequence);
            plan.AddAdmitted(sequence);
            budget -= AddPrefillChunk(sequence, budget);
        }

        return plan;
    }

    /// <summary>The step ran: the planned tokens are now in the KV cache.</summary>
    public void Commit(SchedulePlan stepPlan)
    {
        foreach (var chunk in stepPlan.Chunks)
        {
            chunk.Sequence.CachedCount += chunk.Count;
        }
    }

    /// <summary>
    /// Takes <paramref name="sequence"/> out of the scheduler for good. Returns the slot whose KV cells the caller must
    /// remove, or -1 when it held none.
    /// </summary>
    public int Finish(Sequence sequence)
    {
        var slot = -1;
        if (sequence.Status == SequenceStatus.Running)
        {
            slot = Release(sequence);
        }
        else if (sequence.Status == SequenceStatus.Waiting)
        {
            waiting.Remove(sequence);
        }

        sequence.Status = SequenceStatus.Finished;
        return slot;
    }

    /// <summary>
    /// Preempts the newest running sequence (when the device says KV is short). Returns it and the slot whose cells the
    /// caller must remove, or null when fewer than two sequences run (preempting the only one cannot help).
    /// </summary>
    public (Sequence Sequence, int Slot)? PreemptNewest()
    {
        if (running.Count < 2)
        {
            return null;
        }

        var victim = running[^1];
        return (victim, Preempt(victim));
    }

    /// <summary>Makes sure <paramref name="sequence"/> has a cell for one more token, preempting newer sequences if needed.</summary>
    private bool Reserve(Sequence sequence)
    {
        var extra = sequence.CachedCount + 1 - sequence.Allocated;
        while (extra > KvFree)
        {
            var victim = running[^1];
            plan.AddPreempted(victim, Preempt(victim));
            if (ReferenceEquals(victim, sequence))
            {
                return false;
            }
        }

        if (extra > 0)
        {
            sequence.Allocated += extra;
            KvReserved += extra;
        }

        return true;
    }

    private int AddPrefillChunk(Sequence sequence, int budget)
    {
        var count = Math.Min(Math.Min(sequence.PendingTokens, limits.PrefillChunk), budget);
        plan.AddChunk(new ScheduledChunk(sequence, sequence.CachedCount, count, NeedsLogits: count == sequence.PendingTokens));
        return count;
    }

    private int Preempt(Sequence sequence)
    {
        var slot = Release(sequence);
        sequence.CachedCount = 0;
        sequence.Status = SequenceStatus.Waiting;

        // Running sequences all arrived before every waiting one (admission takes the waiting queue first, in order),
        // so the victim is the oldest waiting sequence: it goes to the front.
        waiting.AddFirst(sequence);
        return slot;
    }

    private int Release(Sequence sequence)
    {
        running.Remove(sequence);
        KvReserved -= sequence.Allocated;
        sequence.Allocated = 0;
        var slot = sequence.Slot;
        freeSlots.Push(slot);
        sequence.Slot = -1;
        return slot;
    }
}

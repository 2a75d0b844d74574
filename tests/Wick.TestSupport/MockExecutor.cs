using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using Wick.Core.Execution;
using Wick.Core.Text;

namespace Wick.TestSupport;

/// <summary>
/// A deterministic stand-in for the device. The toy model's next token is a hash of the whole token history of the
/// slot (so a KV cache that lost or misplaced a token changes the output); each slot keeps its tokens by position like
/// a KV cache. Every batch is checked against the device rules (slot range, contiguous positions, batch size, KV room)
/// and broken rules are recorded in <see cref="Violations"/>. Steps can be scripted: latency (on a fake clock), hang
/// until aborted, device error, exception, KV exhaustion.
/// </summary>
public sealed class MockExecutor : IModelExecutor
{
    private readonly MockExecutorOptions options;
    private readonly MockVocabulary vocabulary;
    private readonly List<int>[] cells;
    private readonly List<ulong>[] prefixHashes;
    private readonly ManualResetEventSlim abortRequested = new(false);
    private readonly ConcurrentQueue<MockAction> queuedActions = new();
    private readonly ConcurrentQueue<string> violations = new();
    private readonly List<MockStep> steps = [];
    private readonly Lock gate = new();
    private readonly SemaphoreSlim hangStarted = new(0);
    private readonly ConcurrentDictionary<int, bool> threads = new();
    private float[][] logits = [];
    private int cellsInUse;
    private int peakCellsInUse;
    private int failRemovals;
    private int failKvQueries;

    public MockExecutor(MockExecutorOptions? options = null)
    {
        this.options = options ?? new MockExecutorOptions();
        vocabulary = new MockVocabulary(this.options.VocabularySize, this.options.EndOfGenerationToken);
        cells = new List<int>[this.options.MaxSequences];
        prefixHashes = new List<ulong>[this.options.MaxSequences];
        for (var i = 0; i < cells.Length; i++)
        {
            cells[i] = [];
            prefixHashes[i] = [];
        }
    }

    public ITokenVocabulary Vocabulary => vocabulary;

    public MockVocabulary MockVocabulary => vocabulary;

    public int MaxSequences => options.MaxSequences;

    public int KvCapacity => options.KvCapacity;

    public int MaxBatchTokens => options.MaxBatchTokens;

    public int KvCellsInUse
    {
        get
        {
            if (Volatile.Read(ref failKvQueries) > 0)
            {
                Interlocked.Decrement(ref failKvQueries);
                throw new InvalidOperationException("mock: scripted KvCellsInUse failure");
            }

            return Volatile.Read(ref cellsInUse);
        }
    }

    /// <summary>KV cells held, read without any scripted failure (for assertions).</summary>
    public int CellsHeld => Volatile.Read(ref cellsInUse);

    public int PeakKvCellsInUse => Volatile.Read(ref peakCellsInUse);

    /// <summary>Device rules the engine broke (should stay empty).</summary>
    public IReadOnlyCollection<string> Violations => violations;

    /// <summary>Managed threads that called into the executor (should be the engine thread only).</summary>
    public IReadOnlyCollection<int> CallingThreads => threads.Keys.ToArray();

    /// <summary>Chooses the action of each step (by step); null or unset falls back to <see cref="Enqueue"/>d actions, then normal.</summary>
    public Func<MockStep, MockAction?>? Script { get; set; }

    /// <summary>Released each time a step starts to hang.</summary>
    public SemaphoreSlim HangStarted => hangStarted;

    public IReadOnlyList<MockStep> Steps
    {
        get
        {
            lock (gate)
            {
                return steps.ToArray();
            }
        }
    }

    /// <summary>The toy model: the token that follows <paramref name="history"/> (a whole sequence, prompt first).</summary>
    public int Predict(IReadOnlyList<int> history)
    {
        var hash = Offset;
        foreach (var token in history)
        {
            hash = Mix(hash, token);
        }

        return Choose(hash);
    }

    /// <summary>What greedy decoding of <paramref name="prompt"/> yields: up to <paramref name="count"/> tokens, ending early after end-of-generation.</summary>
    public IReadOnlyList<int> Continue(IReadOnlyList<int> prompt, int count)
    {
        var history = prompt.ToList();
        var output = new List<int>();
        while (output.Count < count)
        {
            var next = Predict(history);
            output.Add(next);
            history.Add(next);
            if (next == options.EndOfGenerationToken)
            {
                break;
            }
        }

        return output;
    }

    /// <summary>Queues actions for the next steps, in order.</summary>
    public void Enqueue(params MockAction[] actions)
    {
        foreach (var action in actions)
        {
            queuedActions.Enqueue(action);
        }
    }

    /// <summary>Makes the next <paramref name="count"/> calls of <see cref="RemoveCells"/> throw.</summary>
    public void FailRemovals(int count) => Volatile.Write(ref failRemovals, count);

    /// <summary>Makes the next <paramref name="count"/> reads of <see cref="KvCellsInUse"/> throw.</summary>
    public void FailKvQueries(int count) => Volatile.Write(ref failKvQueries, count);

    public StepOutcome Decode(StepBatch batch)
    {
        threads.TryAdd(Environment.CurrentManagedThreadId, true);
        var rowsPerSlot = new Dictionary<int, int>();
        foreach (var slot in batch.Slots)
        {
            rowsPerSlot[slot] = rowsPerSlot.GetValueOrDefault(slot) + 1;
        }

        MockStep step;
        lock (gate)
        {
            step = new MockStep(steps.Count, batch.Count, rowsPerSlot.Count, rowsPerSlot, CellsHeld);
            steps.Add(step);
        }

        var action = Script?.Invoke(step) ?? (queuedActions.TryDequeue(out var queued) ? queued : MockAction.Normal);
        step.Action = action.Kind;
        step.Outcome = Run(batch, action);
        return new StepOutcome(step.Outcome, step.Outcome == StepStatus.Ok ? null : $"mock {action.Kind}");
    }

    public Span<float> GetLogits(int row) => logits[row];

    public void RemoveCells(int slot, int fromPosition)
    {
        threads.TryAdd(Environment.CurrentManagedThreadId, true);
        if (Volatile.Read(ref failRemovals) > 0)
        {
            Interlocked.Decrement(ref failRemovals);
            throw new InvalidOperationException("mock: scripted RemoveCells failure");
        }

        var list = cells[slot];
        if (fromPosition < list.Count)
        {
            Interlocked.Add(ref cellsInUse, -(list.Count - fromPosition));
            list.RemoveRange(fromPosition, list.Count - fromPosition);
            prefixHashes[slot].RemoveRange(fromPosition, prefixHashes[slot].Count - fromPosition);
        }
    }

    public void RequestAbort() => abortRequested.Set();

    public void ClearAbort() => abortRequested.Reset();

    private const ulong Offset = 14695981039346656037UL;

    private static ulong Mix(ulong hash, int token)
    {
        hash ^= (uint)token;
        hash *= 1099511628211UL;
        return hash ^ (hash >> 29);
    }

    private int Choose(ulong hash)
    {
        var eog = options.EndOfGenerationToken;
        if (eog >= 0 && options.EndOfGenerationPeriod > 0 && hash % (ulong)options.EndOfGenerationPeriod == 0)
        {
            return eog;
        }

        var choices = eog >= 0 ? options.VocabularySize - 1 : options.VocabularySize;
        var pick = (int)((hash >> 7) % (ulong)choices);
        return eog >= 0 && pick >= eog ? pick + 1 : pick;
    }

    private StepStatus Run(StepBatch batch, MockAction action)
    {
        switch (action.Kind)
        {
            case MockActionKind.Hang:
                hangStarted.Release();
                return abortRequested.Wait(options.HangLimit) ? StepStatus.Aborted : StepStatus.Failed;
            case MockActionKind.DeviceError:
                return StepStatus.Failed;
            case MockActionKind.Throw:
                throw new InvalidOperationException("mock: scripted exception in Decode");
            case MockActionKind.KvExhausted:
                return StepStatus.KvExhausted;
            case MockActionKind.Gate:
                return WaitForGate(action.Gate) ? Apply(batch) : StepStatus.Aborted;
        }

        var latency = action.Kind == MockActionKind.Normal ? options.StepLatency : action.Latency;
        if (Elapse(latency) && action.Kind != MockActionKind.DelayIgnoringAbort)
        {
            return StepStatus.Aborted;
        }

        return Apply(batch);
    }

    /// <summary>True once the gate opens; false when an abort came first (or the hang limit passed).</summary>
    private bool WaitForGate(ManualResetEventSlim? gate)
    {
        ArgumentNullException.ThrowIfNull(gate);
        var handles = new[] { gate.WaitHandle, abortRequested.WaitHandle };
        return WaitHandle.WaitAny(handles, options.HangLimit) == 0;
    }

    /// <summary>Lets <paramref name="latency"/> pass; true when an abort was requested meanwhile.</summary>
    private bool Elapse(TimeSpan latency)
    {
        if (latency <= TimeSpan.Zero)
        {
            return abortRequested.IsSet;
        }

        if (options.TimeProvider is FakeTimeProvider fake)
        {
            fake.Advance(latency);
            return abortRequested.IsSet;
        }

        return abortRequested.Wait(latency);
    }

    private StepStatus Apply(StepBatch batch)
    {
        if (batch.Count == 0 || batch.Count > options.MaxBatchTokens)
        {
            violations.Enqueue($"batch of {batch.Count} rows (max {options.MaxBatchTokens})");
            return StepStatus.Failed;
        }

        var slots = batch.Slots;
        var positions = batch.Positions;
        var next = new Dictionary<int, int>();
        for (var i = 0; i < batch.Count; i++)
        {
            var slot = slots[i];
            if ((uint)slot >= (uint)options.MaxSequences)
            {
                violations.Enqueue($"slot {slot} out of range");
                return StepStatus.Failed;
            }

            var expected = next.TryGetValue(slot, out var n) ? n : cells[slot].Count;
            if (positions[i] != expected)
            {
                violations.Enqueue($"slot {slot}: position {positions[i]} where {expected} was expected");
                return StepStatus.Failed;
            }

            if ((uint)batch.Tokens[i] >= (uint)options.VocabularySize)
            {
                violations.Enqueue($"token {batch.Tokens[i]} outside the vocabulary");
                return StepStatus.Failed;
            }

            next[slot] = expected + 1;
        }

        if (CellsHeld + batch.Count > options.KvCapacity)
        {
            violations.Enqueue($"batch of {batch.Count} needs more than the {options.KvCapacity - CellsHeld} free KV cells");
            return StepStatus.KvExhausted;
        }

        if (logits.Length < batch.Count)
        {
            logits = new float[batch.Count][];
        }

        for (var i = 0; i < batch.Count; i++)
        {
            var slot = slots[i];
            var hash = prefixHashes[slot].Count == 0 ? Offset : prefixHashes[slot][^1];
            hash = Mix(hash, batch.Tokens[i]);
            cells[slot].Add(batch.Tokens[i]);
            prefixHashes[slot].Add(hash);
            if (batch.NeedsLogits[i])
            {
                logits[i] = MakeLogits(hash);
            }
        }

        var inUse = Interlocked.Add(ref cellsInUse, batch.Count);
        if (inUse > PeakKvCellsInUse)
        {
            Volatile.Write(ref peakCellsInUse, inUse);
        }

        return StepStatus.Ok;
    }

    private float[] MakeLogits(ulong hash)
    {
        var row = new float[options.VocabularySize];
        for (var v = 0; v < row.Length; v++)
        {
            row[v] = (float)((hash >> (v % 48)) & 7) * 0.25f;
        }

        row[Choose(hash)] = 10f;
        return row;
    }
}

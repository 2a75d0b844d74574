using Wick.Core.Errors;
using Wick.Core.Scheduling;

namespace Wick.Core.ParkingLot;

/// <summary>
/// The parking lot: a bounded FIFO of admitted sequences in front of the scheduler. Submitters enqueue from any thread
/// and are refused at once (retryable <see cref="EngineOverloadedException"/>) beyond the request or token bounds; the
/// engine thread takes from the head when the scheduler has room and removes cancelled or expired entries.
/// </summary>
internal sealed class AdmissionQueue : IAdmissionSource
{
    private readonly Lock gate = new();
    private readonly LinkedList<Sequence> queue = new();
    private readonly Dictionary<long, LinkedListNode<Sequence>> nodes = [];
    private readonly int maxRequests;
    private readonly int maxTokens;
    private readonly int retryAfterSeconds;
    private string? closedReason;
    private int queuedTokens;

    public AdmissionQueue(int maxRequests, int maxTokens, int retryAfterSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRequests);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxTokens);
        this.maxRequests = maxRequests;
        this.maxTokens = maxTokens;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int Count
    {
        get
        {
            lock (gate)
            {
                return queue.Count;
            }
        }
    }

    /// <summary>Prompt tokens (plus tokens to recompute) of everything queued.</summary>
    public int QueuedTokens
    {
        get
        {
            lock (gate)
            {
                return queuedTokens;
            }
        }
    }

    /// <summary>Appends <paramref name="sequence"/>; see <see cref="EnqueueAll"/>.</summary>
    public void Enqueue(Sequence sequence) => EnqueueAll([sequence]);

    /// <summary>
    /// Appends every one of <paramref name="sequences"/> or none, under one lock, so the engine never sees a part of
    /// them (the n choices of one API request start in the same step). Throws <see cref="EngineOverloadedException"/>
    /// when they do not fit the request or token bound (anything is still taken when the queue is empty, so nothing is
    /// refused forever) and <see cref="EngineShutdownException"/> once closed.
    /// </summary>
    public void EnqueueAll(IReadOnlyList<Sequence> sequences)
    {
        var tokens = 0;
        foreach (var sequence in sequences)
        {
            tokens += sequence.Tokens.Count;
        }

        lock (gate)
        {
            if (closedReason is not null)
            {
                throw new EngineShutdownException(closedReason, retryAfterSeconds);
            }

            if (queue.Count > 0 && queue.Count + sequences.Count > maxRequests)
            {
                throw new EngineOverloadedException(
                    $"The server is at capacity: {queue.Count} requests are already waiting (limit {maxRequests}).", retryAfterSeconds);
            }

            if (queue.Count > 0 && queuedTokens + tokens > maxTokens)
            {
                throw new EngineOverloadedException(
                    $"The server is at capacity: {queuedTokens} prompt tokens are already waiting (limit {maxTokens}).", retryAfterSeconds);
            }

            foreach (var sequence in sequences)
            {
                nodes.Add(sequence.Id, queue.AddLast(sequence));
            }

            queuedTokens += tokens;
        }
    }

    public Sequence? Peek()
    {
        lock (gate)
        {
            return queue.First?.Value;
        }
    }

    public void Take(Sequence sequence)
    {
        if (!Remove(sequence))
        {
            throw new InvalidOperationException($"Sequence {sequence.Id} is not in the admission queue.");
        }
    }

    /// <summary>Removes <paramref name="sequence"/> wherever it is in the queue; false when it is not there.</summary>
    public bool Remove(Sequence sequence)
    {
        lock (gate)
        {
            if (!nodes.Remove(sequence.Id, out var node))
            {
                return false;
            }

            queue.Remove(node);
            queuedTokens -= sequence.Tokens.Count;
            return true;
        }
    }

    /// <summary>Refuses every later <see cref="Enqueue"/> with <see cref="EngineShutdownException"/>(<paramref name="reason"/>).</summary>
    public void Close(string reason)
    {
        lock (gate)
        {
            closedReason ??= reason;
        }
    }

    /// <summary>Empties the queue, returning what was in it in order.</summary>
    public IReadOnlyList<Sequence> TakeAll()
    {
        lock (gate)
        {
            var all = queue.ToArray();
            queue.Clear();
            nodes.Clear();
            queuedTokens = 0;
            return all;
        }
    }
}

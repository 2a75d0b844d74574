using BenchmarkDotNet.Attributes;
using Wick.Core.Scheduling;

namespace Wick.Bench.Micro;

/// <summary>
/// The scheduler's share of one decode step with every sequence running: <see cref="Scheduler.Schedule"/> (one decode
/// token per sequence, KV ledger, admission check) then <see cref="Scheduler.Commit"/>. Between operations each
/// sequence's last token is marked pending again instead of appending a new one, so the state stays the same
/// (no growth) from one operation to the next.
/// </summary>
[MemoryDiagnoser]
public class SchedulerBenchmarks
{
    private Scheduler _scheduler = null!;
    private readonly EmptySource _empty = new();

    [Params(32, 256)]
    public int Running { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _scheduler = new Scheduler(new SchedulerLimits(Running, StepTokenBudget: 512, PrefillChunk: 256, KvCapacity: 1 << 20));
        var source = new ListSource(Enumerable.Range(0, Running).Select(i => new Sequence(i, [.. Enumerable.Range(0, 64)], maxTokens: 1 << 16)));
        while (_scheduler.Running.Count < Running || _scheduler.Running.Any(s => s.PendingTokens != 1))
        {
            var plan = _scheduler.Schedule(source);
            _scheduler.Commit(plan);
            foreach (var chunk in plan.Chunks)
            {
                if (chunk.NeedsLogits)
                {
                    chunk.Sequence.AppendToken(1);
                }
            }
        }
    }

    [Benchmark]
    public int DecodeStep()
    {
        var plan = _scheduler.Schedule(_empty);
        _scheduler.Commit(plan);
        var chunks = plan.Chunks;
        for (var i = 0; i < chunks.Count; i++)
        {
            chunks[i].Sequence.CachedCount--;
        }

        return chunks.Count;
    }

    private sealed class EmptySource : IAdmissionSource
    {
        public Sequence? Peek() => null;

        public void Take(Sequence sequence) => throw new InvalidOperationException("Nothing to take.");
    }

    private sealed class ListSource(IEnumerable<Sequence> sequences) : IAdmissionSource
    {
        private readonly Queue<Sequence> _queue = new(sequences);

        public Sequence? Peek() => _queue.TryPeek(out var next) ? next : null;

        public void Take(Sequence sequence) => _queue.Dequeue();
    }
}

using Wick.Core.ParkingLot;
using Wick.Core.Scheduling;

namespace Wick.Core.Tests.Scheduling;

public sealed class SchedulerTests
{
    private readonly AdmissionQueue source = new(maxRequests: 100, maxTokens: 100_000, retryAfterSeconds: 1);

    [Fact]
    public void Scheduler_admits_a_short_prompt_whole_and_asks_for_its_logits()
    {
        var scheduler = NewScheduler(maxRunning: 4, budget: 64, chunk: 32, kv: 256);
        var a = Queue(1, prompt: 5);

        var plan = scheduler.Schedule(source);

        var chunk = Assert.Single(plan.Chunks);
        Assert.Same(a, chunk.Sequence);
        Assert.Equal((0, 5, true), (chunk.Start, chunk.Count, chunk.NeedsLogits));
        Assert.Equal([a], plan.Admitted);
        Assert.Equal(SequenceStatus.Running, a.Status);
        Assert.Equal(0, a.Slot);
        Assert.Equal(5, scheduler.KvReserved);
        Assert.Equal(0, source.Count);
    }

    [Fact]
    public void Scheduler_gives_every_decoding_sequence_one_token_before_any_prefill()
    {
        var scheduler = NewScheduler(maxRunning: 4, budget: 8, chunk: 8, kv: 256);
        var a = Queue(1, prompt: 3);
        var b = Queue(2, prompt: 3);
        Step(scheduler);
        var c = Queue(3, prompt: 20);

        var plan = scheduler.Schedule(source);

        Assert.Equal(
            [(a, 3, 1, true), (b, 3, 1, true), (c, 0, 6, false)],
            plan.Chunks.Select(ch => (ch.Sequence, ch.Start, ch.Count, ch.NeedsLogits)));
        Assert.Equal(8, plan.TokenCount);
        Assert.False(plan.Chunks[0].IsPrefill);
        Assert.True(plan.Chunks[2].IsPrefill);
    }

    [Fact]
    public void Scheduler_prefills_a_long_prompt_in_chunks_while_running_streams_keep_decoding()
    {
        var scheduler = NewScheduler(maxRunning: 4, budget: 16, chunk: 10, kv: 256);
        var a = Queue(1, prompt: 2);
        Step(scheduler);
        var b = Queue(2, prompt: 25);

        var counts = new List<(int A, int B)>();
        while (b.PendingTokens > 1 || b.CachedCount == 0)
        {
            var plan = Step(scheduler);
            counts.Add((plan.Chunks.Where(c => c.Sequence == a).Sum(c => c.Count), plan.Chunks.Where(c => c.Sequence == b).Sum(c => c.Count)));
        }

        Assert.Equal([(1, 10), (1, 10), (1, 5)], counts);
        Assert.Equal(25, b.CachedCount);
    }

    [Fact]
    public void Scheduler_admits_in_fifo_order_and_never_skips_the_head_of_the_line()
    {
        var scheduler = NewScheduler(maxRunning: 4, budget: 64, chunk: 64, kv: 40);
        var big = Queue(1, prompt: 30);
        Step(scheduler);
        var second = Queue(2, prompt: 20);
        var small = Queue(3, prompt: 2);

        var plan = Step(scheduler);

        // 10 cells are free: the second (20 tokens) does not fit, and the small one behind it must not overtake it.
        Assert.Empty(plan.Admitted);
        Assert.Equal(SequenceStatus.Queued, second.Status);
        Assert.Equal(SequenceStatus.Queued, small.Status);

        scheduler.Finish(big);
        plan = Step(scheduler);
        Assert.Equal([second, small], plan.Admitted);
    }

    [Fact]
    public void Scheduler_never_runs_more_sequences_than_its_limit()
    {
        var scheduler = NewScheduler(maxRunning: 2, budget: 64, chunk: 64, kv: 256);
        var sequences = Enumerable.Range(1, 4).Select(i => Queue(i, prompt: 3)).ToArray();

        var plan = Step(scheduler);

        Assert.Equal(sequences[..2], plan.Admitted);
        Assert.Equal(2, scheduler.Running.Count);
        Assert.Equal(2, source.Count);
    }

    [Fact]
    public void Scheduler_leaves_one_free_cell_per_running_sequence_when_admitting()
    {
        var scheduler = NewScheduler(maxRunning: 4, budget: 64, chunk: 64, kv: 21);
        Queue(1, prompt: 9);
        Queue(2, prompt: 9);
        Step(scheduler);
        var third = Queue(3, prompt: 1);

        // After both decode, 1 cell is free and 2 sequences run: it is kept for their next decode.
        var plan = Step(scheduler);
        Assert.Empty(plan.Admitted);
        Assert.Equal(SequenceStatus.Queued, third.Status);
    }

    [Fact]
    public void Scheduler_preempts_the_newest_sequence_when_kv_is_full()
    {
        var scheduler = NewScheduler(maxRunning: 4, budget: 64, chunk: 64, kv: 12);
        var a = Queue(1, prompt: 5);
        var b = Queue(2, prompt: 5);
        Step(scheduler);
        Step(scheduler);

        // Each holds 6 cells and has a 7th token to feed: 14 > 12.
        var plan = Step(scheduler);

        var (victim, slot) = Assert.Single(plan.Preempted);
        Assert.Same(b, victim);
        Assert.Equal(1, slot);
        Assert.Equal(SequenceStatus.Waiting, b.Status);
        Assert.Equal((0, -1, 0), (b.CachedCount, b.Slot, b.Allocated));
        Assert.Equal([a], plan.Chunks.Select(c => c.Sequence));
        Assert.Equal([b], scheduler.Waiting);
        Assert.Equal(7, scheduler.KvReserved);
    }

    [Fact]
    public void Scheduler_recomputes_a_preempted_sequence_first_when_room_returns()
    {
        var scheduler = NewScheduler(maxRunning: 4, budget: 64, chunk: 64, kv: 12);
        var a = Queue(1, prompt: 5);
        var b = Queue(2, prompt: 5);
        Step(scheduler);
        Step(scheduler);
        Step(scheduler);
        var late = Queue(3, prompt: 1);

        scheduler.Finish(a);
        var plan = Step(scheduler);

        // b comes back before the later arrival and recomputes its prompt and its generated token together.
        Assert.Equal(b, plan.Admitted[0]);
        var chunk = plan.Chunks.Single(c => c.Sequence == b);
        Assert.Equal((0, 7, true), (chunk.Start, chunk.Count, chunk.NeedsLogits));
        Assert.Equal(SequenceStatus.Running, late.Status);
    }

    [Fact]
    public void Scheduler_preempts_a_sequence_itself_when_it_is_the_newest()
    {
        var scheduler = NewScheduler(maxRunning: 4, budget: 64, chunk: 64, kv: 14);
        var a = Queue(1, prompt: 5);
        var b = Queue(2, prompt: 6);
        Step(scheduler);
        Step(scheduler);

        // 13 cells held, 1 free: a (older) takes it, b (newest) finds none and steps back itself.
        var plan = Step(scheduler);

        Assert.Equal([b], plan.Preempted.Select(p => p.Sequence));
        Assert.Equal([a], plan.Chunks.Select(c => c.Sequence));
    }

    [Fact]
    public void Scheduler_keeps_older_preempted_sequences_ahead_of_newer_ones()
    {
        var scheduler = NewScheduler(maxRunning: 4, budget: 64, chunk: 64, kv: 9);
        Queue(1, prompt: 2);
        var b = Queue(2, prompt: 2);
        var c = Queue(3, prompt: 2);
        Step(scheduler);
        Step(scheduler);

        // All three hold 3 cells and want a 4th (12 > 9): c, the newest, goes.
        var plan = Step(scheduler);
        Assert.Equal([c], plan.Preempted.Select(p => p.Sequence));

        var pre = scheduler.PreemptNewest();
        Assert.Equal(b, pre?.Sequence);
        Assert.Equal([b, c], scheduler.Waiting);
    }

    [Fact]
    public void PreemptNewest_refuses_when_fewer_than_two_sequences_run()
    {
        var scheduler = NewScheduler(maxRunning: 4, budget: 64, chunk: 64, kv: 64);
        Assert.Null(scheduler.PreemptNewest());
        Queue(1, prompt: 2);
        Step(scheduler);

        Assert.Null(scheduler.PreemptNewest());
    }

    [Fact]
    public void Finish_frees_the_slot_and_cells_of_a_running_sequence()
    {
        var scheduler = NewScheduler(maxRunning: 1, budget: 64, chunk: 64, kv: 64);
        var a = Queue(1, prompt: 4);
        Step(scheduler);

        var slot = scheduler.Finish(a);

        Assert.Equal(0, slot);
        Assert.Equal((SequenceStatus.Finished, -1, 0), (a.Status, a.Slot, scheduler.KvReserved));
        Assert.Empty(scheduler.Running);
        var b = Queue(2, prompt: 2);
        Step(scheduler);
        Assert.Equal(0, b.Slot);
    }

    [Fact]
    public void Finish_of_a_waiting_or_queued_sequence_frees_no_slot()
    {
        var scheduler = NewScheduler(maxRunning: 4, budget: 64, chunk: 64, kv: 12);
        Queue(1, prompt: 5);
        var b = Queue(2, prompt: 5);
        Step(scheduler);
        Step(scheduler);
        Step(scheduler);
        Assert.Equal(SequenceStatus.Waiting, b.Status);
        var queued = new Sequence(9, [1], 1);

        Assert.Equal(-1, scheduler.Finish(b));
        Assert.Equal(-1, scheduler.Finish(queued));
        Assert.Empty(scheduler.Waiting);
        Assert.Equal(SequenceStatus.Finished, queued.Status);
    }

    [Fact]
    public void Commit_moves_the_planned_tokens_into_the_cache()
    {
        var scheduler = NewScheduler(maxRunning: 2, budget: 4, chunk: 4, kv: 64);
        var a = Queue(1, prompt: 10);

        scheduler.Commit(scheduler.Schedule(source));

        Assert.Equal(4, a.CachedCount);
        Assert.Equal(6, a.PendingTokens);
    }

    [Fact]
    public void Scheduler_admits_nothing_more_once_the_step_budget_is_spent()
    {
        var scheduler = NewScheduler(maxRunning: 3, budget: 4, chunk: 4, kv: 64);
        Queue(1, prompt: 10);
        var b = Queue(2, prompt: 1);

        var plan = scheduler.Schedule(source);

        Assert.Equal(4, plan.TokenCount);
        Assert.Equal(SequenceStatus.Queued, b.Status);
    }

    [Theory]
    [InlineData(0, 4, 4, 4)]
    [InlineData(2, 1, 4, 4)]
    [InlineData(2, 4, 0, 4)]
    [InlineData(2, 4, 4, 0)]
    public void Scheduler_rejects_limits_out_of_range(int maxRunning, int budget, int chunk, int kv) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Scheduler(new SchedulerLimits(maxRunning, budget, chunk, kv)));

    private static Scheduler NewScheduler(int maxRunning, int budget, int chunk, int kv) =>
        new(new SchedulerLimits(maxRunning, budget, chunk, kv));

    private Sequence Queue(long id, int prompt)
    {
        var sequence = new Sequence(id, Enumerable.Range(0, prompt).ToArray(), maxTokens: 100);
        source.Enqueue(sequence);
        return sequence;
    }

    /// <summary>Plans, commits, and samples a token for every chunk that wanted logits (what the engine does on success).</summary>
    private SchedulePlan Step(Scheduler scheduler)
    {
        var plan = scheduler.Schedule(source);
        scheduler.Commit(plan);
        foreach (var chunk in plan.Chunks.Where(c => c.NeedsLogits))
        {
            chunk.Sequence.AppendToken(7);
        }

        return plan;
    }
}

using Wick.Core.Errors;
using Wick.Core.ParkingLot;
using Wick.Core.Scheduling;

namespace Wick.Core.Tests.ParkingLot;

public sealed class AdmissionQueueTests
{
    [Fact]
    public void Queue_hands_out_sequences_in_arrival_order()
    {
        var queue = new AdmissionQueue(10, 100, 1);
        var a = Seq(1, 3);
        var b = Seq(2, 4);
        queue.Enqueue(a);
        queue.Enqueue(b);

        Assert.Same(a, queue.Peek());
        queue.Take(a);
        Assert.Same(b, queue.Peek());
        Assert.Equal((1, 4), (queue.Count, queue.QueuedTokens));
    }

    [Fact]
    public void Queue_fails_fast_with_a_retryable_error_beyond_its_request_bound()
    {
        var queue = new AdmissionQueue(2, 100, retryAfterSeconds: 3);
        queue.Enqueue(Seq(1, 1));
        queue.Enqueue(Seq(2, 1));

        var error = Assert.Throws<EngineOverloadedException>(() => queue.Enqueue(Seq(3, 1)));

        Assert.Equal((429, 3), (error.HttpStatus, error.RetryAfterSeconds));
        Assert.Equal(2, queue.Count);
    }

    [Fact]
    public void Queue_fails_fast_beyond_its_token_bound_but_takes_any_request_when_empty()
    {
        var queue = new AdmissionQueue(10, maxTokens: 10, 1);
        queue.Enqueue(Seq(1, 25));

        Assert.Throws<EngineOverloadedException>(() => queue.Enqueue(Seq(2, 1)));
        queue.Take(queue.Peek()!);
        queue.Enqueue(Seq(3, 6));
        queue.Enqueue(Seq(4, 4));
        Assert.Throws<EngineOverloadedException>(() => queue.Enqueue(Seq(5, 1)));
    }

    [Fact]
    public void A_group_is_queued_whole_or_not_at_all()
    {
        var queue = new AdmissionQueue(maxRequests: 4, maxTokens: 10, 1);
        var first = Seq(1, 2);
        queue.Enqueue(first);

        Assert.Throws<EngineOverloadedException>(() => queue.EnqueueAll([Seq(2, 1), Seq(3, 1), Seq(4, 1), Seq(5, 1)]));
        Assert.Throws<EngineOverloadedException>(() => queue.EnqueueAll([Seq(6, 4), Seq(7, 5)]));
        Assert.Equal((1, 2), (queue.Count, queue.QueuedTokens));

        var group = new[] { Seq(8, 4), Seq(9, 4) };
        queue.EnqueueAll(group);
        Assert.Equal([first, .. group], queue.TakeAll());
    }

    [Fact]
    public void An_empty_queue_takes_a_group_larger_than_its_bounds_so_it_is_never_refused_forever()
    {
        var queue = new AdmissionQueue(maxRequests: 2, maxTokens: 3, 1);

        queue.EnqueueAll([Seq(1, 2), Seq(2, 2), Seq(3, 2)]);

        Assert.Equal((3, 6), (queue.Count, queue.QueuedTokens));
        Assert.Throws<EngineOverloadedException>(() => queue.Enqueue(Seq(4, 1)));
    }

    [Fact]
    public void Remove_takes_a_sequence_out_of_the_middle_once()
    {
        var queue = new AdmissionQueue(10, 100, 1);
        var a = Seq(1, 1);
        var b = Seq(2, 2);
        var c = Seq(3, 3);
        queue.Enqueue(a);
        queue.Enqueue(b);
        queue.Enqueue(c);

        Assert.True(queue.Remove(b));
        Assert.False(queue.Remove(b));
        Assert.Equal([a, c], queue.TakeAll());
        Assert.Equal((0, 0), (queue.Count, queue.QueuedTokens));
        Assert.Null(queue.Peek());
    }

    [Fact]
    public void Take_of_a_sequence_not_queued_is_a_bug()
    {
        var queue = new AdmissionQueue(10, 100, 1);

        Assert.Throws<InvalidOperationException>(() => queue.Take(Seq(1, 1)));
    }

    [Fact]
    public void Closed_queue_refuses_with_a_shutdown_error_and_keeps_the_first_reason()
    {
        var queue = new AdmissionQueue(10, 100, 2);
        queue.Close("first");
        queue.Close("second");

        var error = Assert.Throws<EngineShutdownException>(() => queue.Enqueue(Seq(1, 1)));

        Assert.Equal(("first", 503, 2), (error.Message, error.HttpStatus, error.RetryAfterSeconds));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    public void Queue_rejects_bounds_out_of_range(int requests, int tokens) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdmissionQueue(requests, tokens, 1));

    private static Sequence Seq(long id, int tokens) => new(id, Enumerable.Repeat(1, tokens).ToArray(), 4);
}

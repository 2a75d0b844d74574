using Microsoft.Extensions.Time.Testing;
using Wick.Core.Execution;
using Wick.TestSupport;

namespace Wick.Core.Tests.Execution;

public sealed class ActiveRequestTests
{
    private readonly FakeTimeProvider time = new();
    private readonly List<RequestSignals> notified = [];

    [Fact]
    public void Raise_tells_the_engine_once_per_signal()
    {
        var request = NewRequest();

        request.Raise(RequestSignals.Cancelled);
        request.Raise(RequestSignals.Cancelled);
        request.Raise(RequestSignals.TotalDeadline);

        Assert.Equal([RequestSignals.Cancelled, RequestSignals.Cancelled | RequestSignals.TotalDeadline], notified);
    }

    [Fact]
    public void Timers_and_cancellation_raise_their_signals()
    {
        var request = NewRequest(firstToken: TimeSpan.FromSeconds(1), total: TimeSpan.FromSeconds(2));
        using var cts = new CancellationTokenSource();
        request.Attach(time, TimeSpan.FromSeconds(3), cts.Token);

        time.Advance(TimeSpan.FromSeconds(3));
        cts.Cancel();

        Assert.Equal(RequestSignals.FirstTokenDeadline | RequestSignals.TotalDeadline | RequestSignals.QueueTimeout | RequestSignals.Cancelled, request.Signals);
    }

    [Fact]
    public void Attaching_after_the_engine_finished_releases_timers_and_cancellation_at_once()
    {
        var request = NewRequest(firstToken: TimeSpan.FromSeconds(1), total: TimeSpan.FromSeconds(2));
        request.Complete(TokenEvent.Final("", new GenerationFinish(FinishReason.Stop, default)));
        using var cts = new CancellationTokenSource();

        request.Attach(time, TimeSpan.FromSeconds(3), cts.Token);
        time.Advance(TimeSpan.FromSeconds(10));
        cts.Cancel();

        Assert.Empty(notified);
        Assert.True(request.Events.TryRead(out var final) && final.IsFinal);
        Assert.True(request.Events.Completion.IsCompleted);
    }

    [Fact]
    public void Finishing_after_attaching_releases_once()
    {
        var request = NewRequest(total: TimeSpan.FromSeconds(2));
        using var cts = new CancellationTokenSource();
        request.Attach(time, Timeout.InfiniteTimeSpan, cts.Token);
        request.OnAdmitted();
        request.OnFirstToken();

        request.Complete(TokenEvent.Final("", new GenerationFinish(FinishReason.Stop, default)));
        request.Complete(TokenEvent.Final("", new GenerationFinish(FinishReason.Stop, default)));
        time.Advance(TimeSpan.FromSeconds(10));
        cts.Cancel();

        Assert.Empty(notified);
    }

    private ActiveRequest NewRequest(TimeSpan? firstToken = null, TimeSpan? total = null)
    {
        var vocabulary = new MockVocabulary(8, 7);
        var request = new GenerationRequest([1, 2], 4, new GreedySampler(), new PlainOutputProcessor(vocabulary))
        {
            FirstTokenTimeout = firstToken,
            TotalTimeout = total,
        };
        return new ActiveRequest(1, request, 4, 0, r => notified.Add(r.Signals));
    }
}

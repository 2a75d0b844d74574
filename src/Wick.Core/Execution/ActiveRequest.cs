using Wick.Core.Scheduling;

namespace Wick.Core.Execution;

/// <summary>
/// A sequence plus everything that connects it to its caller: the request, the event stream, the cancellation
/// registration and the deadline timers. Timers and the cancellation callback only raise signals; all state changes
/// happen on the engine thread.
/// </summary>
internal sealed class ActiveRequest : Sequence
{
    private readonly Action<ActiveRequest> notify;
    private int signals;
    private long prefillStep = -1;
    private ITimer? queueTimer;
    private ITimer? firstTokenTimer;
    private ITimer? totalTimer;
    private CancellationTokenRegistration registration;
    private int attached;
    private int finished;
    private int released;

    public ActiveRequest(long id, GenerationRequest request, int maxTokens, long submittedAt, Action<ActiveRequest> notify)
        : base(id, request.PromptTokens, maxTokens)
    {
        Request = request;
        SubmittedAt = submittedAt;
        this.notify = notify;
    }

    public GenerationRequest Request { get; }

    public TokenEventChannel Events { get; } = new();

    /// <summary><see cref="TimeProvider"/> timestamp of submission.</summary>
    public long SubmittedAt { get; }

    /// <summary>Whether the prompt was counted (a recomputed sequence is counted once).</summary>
    public bool Started { get; set; }

    public RequestSignals Signals => (RequestSignals)Volatile.Read(ref signals);

    /// <summary>The step in which this request is prefilling, or -1; read by the cancellation callback.</summary>
    public long PrefillStep
    {
        get => Volatile.Read(ref prefillStep);
        set => Volatile.Write(ref prefillStep, value);
    }

    /// <summary>
    /// Hooks the timers and the cancellation token up (submitting thread, after the request was queued). If the engine
    /// already finished the request, releases them at once.
    /// </summary>
    public void Attach(TimeProvider timeProvider, TimeSpan queueWaitTimeout, CancellationToken cancellationToken)
    {
        queueTimer = StartTimer(timeProvider, queueWaitTimeout, RequestSignals.QueueTimeout);
        firstTokenTimer = StartTimer(timeProvider, Request.FirstTokenTimeout, RequestSignals.FirstTokenDeadline);
        totalTimer = StartTimer(timeProvider, Request.TotalTimeout, RequestSignals.TotalDeadline);
        registration = cancellationToken.UnsafeRegister(static state => ((ActiveRequest)state!).Raise(RequestSignals.Cancelled), this);

        // Pairs with MarkFinished: whichever side comes second sees the other's write and releases.
        Interlocked.Exchange(ref attached, 1);
        if (Volatile.Read(ref finished) != 0)
        {
            Release();
        }
    }

    /// <summary>Records <paramref name="signal"/> and tells the engine (first time only). Any thread.</summary>
    public void Raise(RequestSignals signal)
    {
        var before = Interlocked.Or(ref signals, (int)signal);
        if ((before & (int)signal) == 0)
        {
            notify(this);
        }
    }

    /// <summary>The request left the parking lot: the queue-wait deadline no longer applies.</summary>
    public void OnAdmitted() => Interlocked.Exchange(ref queueTimer, null)?.Dispose();

    /// <summary>A first token was sampled: the first-token deadline no longer applies.</summary>
    public void OnFirstToken() => Interlocked.Exchange(ref firstTokenTimer, null)?.Dispose();

    /// <summary>Writes the final event, completes the stream and releases timers and the registration.</summary>
    public void Complete(TokenEvent final)
    {
        Events.Write(final);
        Events.Complete();
        Interlocked.Exchange(ref finished, 1);
        if (Volatile.Read(ref attached) != 0)
        {
            Release();
        }
    }

    private ITimer? StartTimer(TimeProvider timeProvider, TimeSpan? dueTime, RequestSignals signal)
    {
        if (dueTime is not { } due || due == Timeout.InfiniteTimeSpan)
        {
            return null;
        }

        return timeProvider.CreateTimer(
            static state =>
            {
                var (request, raised) = ((ActiveRequest, RequestSignals))state!;
                request.Raise(raised);
            },
            (this, signal),
            due,
            Timeout.InfiniteTimeSpan);
    }

    private void Release()
    {
        if (Interlocked.Exchange(ref released, 1) != 0)
        {
            return;
        }

        Interlocked.Exchange(ref queueTimer, null)?.Dispose();
        Interlocked.Exchange(ref firstTokenTimer, null)?.Dispose();
        Interlocked.Exchange(ref totalTimer, null)?.Dispose();
        registration.Unregister();
    }
}

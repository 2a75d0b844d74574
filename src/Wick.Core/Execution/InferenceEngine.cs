using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Wick.Core.Errors;
using Wick.Core.ParkingLot;
using Wick.Core.Text;

namespace Wick.Core.Execution;

/// <summary>
/// Continuous-batching inference over one <see cref="IModelExecutor"/>. Requests go through a bounded parking lot to a
/// scheduler that packs decode tokens and prefill chunks into each device step; every step runs under a watchdog. The
/// loop runs on one dedicated thread, the only one that touches the executor. The engine does not own the executor:
/// dispose the executor after the engine.
/// </summary>
public sealed partial class InferenceEngine : IAsyncDisposable
{
    private readonly EngineCore core;
    private readonly ILogger logger;
    private readonly TimeProvider timeProvider;
    private readonly ManualResetEventSlim wake = new(false);
    private readonly TaskCompletionSource stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock idleGate = new();
    private readonly Thread thread;
    private List<TaskCompletionSource> idleWaiters = [];
    private volatile bool stopping;
    private ITimer? drainTimer;

    public InferenceEngine(IModelExecutor executor, EngineOptions? options = null, ILogger<InferenceEngine>? logger = null)
    {
        options ??= new EngineOptions();
        this.logger = (ILogger?)logger ?? NullLogger.Instance;
        timeProvider = options.TimeProvider;
        core = new EngineCore(executor, options, this.logger, () => wake.Set());
        thread = new Thread(Run) { IsBackground = true, Name = "wick-engine" };
        thread.Start();
    }

    /// <summary>The model's vocabulary (for validation and text).</summary>
    public ITokenVocabulary Vocabulary => core.Vocabulary;

    /// <summary>Tokens one request can hold: prompt plus generated.</summary>
    public int ContextLength => core.ContextLength;

    /// <summary>False after <see cref="EngineOptions.UnhealthyAfterFailures"/> consecutive failed steps (or once stopped).</summary>
    public bool IsHealthy => core.IsHealthy && !stopped.Task.IsCompleted;

    public bool IsAcceptingRequests => !stopping;

    /// <summary>
    /// Queues a request and returns its stream at once. Throws only <see cref="WickException"/>s:
    /// <see cref="InvalidGenerationRequestException"/> (400: empty prompt, token ids outside the vocabulary, bad limits),
    /// <see cref="ContextLengthExceededException"/> (422), <see cref="EngineOverloadedException"/> (429) and
    /// <see cref="EngineShutdownException"/> (503). Everything later arrives as the stream's final event.
    /// </summary>
    public GenerationHandle Submit(GenerationRequest request, CancellationToken cancellationToken = default) =>
        core.Submit(request, cancellationToken);

    /// <summary>
    /// Queues every request or none, as one: the engine admits them together (the n choices of one API request start in
    /// the same step, so a seeded request draws the same tokens on an idle server whatever the threads' timing).
    /// Throws as <see cref="Submit"/> does.
    /// </summary>
    public IReadOnlyList<GenerationHandle> SubmitAll(IReadOnlyList<GenerationRequest> requests, CancellationToken cancellationToken = default) =>
        core.SubmitAll(requests, cancellationToken);

    public EngineMetrics GetMetrics()
    {
        var counters = core.Counters;
        return new EngineMetrics
        {
            QueuedRequests = core.Queue.Count,
            QueuedTokens = core.Queue.QueuedTokens,
            PreemptedRequests = counters.PreemptedWaiting,
            RunningRequests = counters.Running,
            KvCellsInUse = counters.KvCellsInUse,
            KvCellsReserved = counters.KvCellsReserved,
            KvCapacity = core.ContextLength,
            Steps = counters.Steps,
            StepTimeouts = counters.StepTimeouts,
            StepAborts = counters.StepAborts,
            StepFailures = counters.StepFailures,
            Preemptions = counters.Preemptions,
            Rejections = counters.Rejections,
            QueueTimeouts = counters.QueueTimeouts,
            PromptTokens = counters.PromptTokens,
            GenerationTokens = counters.GenerationTokens,
            FinishedStop = counters.FinishedStop,
            FinishedLength = counters.FinishedLength,
            FinishedCancelled = counters.FinishedCancelled,
            FinishedError = counters.FinishedError,
            ConsecutiveStepFailures = core.ConsecutiveFailures,
            IsHealthy = IsHealthy,
        };
    }

    /// <summary>Completes when nothing is queued, waiting or running and the metrics reflect that (or the engine stopped).</summary>
    public Task WhenIdleAsync(CancellationToken cancellationToken)
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (idleGate)
        {
            if (stopped.Task.IsCompleted)
            {
                return Task.CompletedTask;
            }

            idleWaiters.Add(waiter);
        }

        wake.Set();
        return waiter.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Stops admission (new requests get <see cref="EngineShutdownException"/>), lets accepted requests run until
    /// <paramref name="drainTimeout"/> has passed, then ends the rest with <see cref="EngineShutdownException"/> and
    /// stops the engine thread. Cancelling <paramref name="cancellationToken"/> ends the drain at once.
    /// </summary>
    public async Task StopAsync(TimeSpan drainTimeout, CancellationToken cancellationToken)
    {
        BeginStop(drainTimeout);
        using (cancellationToken.UnsafeRegister(_ => core.ExpireDrain(), null))
        {
            await stopped.Task.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// <see cref="StopAsync"/> with no drain. The wake event is left to the finalizer: a cancellation callback racing
    /// with shutdown may still set it, and must not meet a disposed event.
    /// </summary>
    public ValueTask DisposeAsync() => new(StopAsync(TimeSpan.Zero, CancellationToken.None));

    private void BeginStop(TimeSpan drainTimeout)
    {
        lock (idleGate)
        {
            if (stopping)
            {
                if (drainTimeout != Timeout.InfiniteTimeSpan && drainTimeout <= TimeSpan.Zero)
                {
                    core.ExpireDrain();
                }

                return;
            }

            stopping = true;
        }

        LogStopping(drainTimeout.TotalSeconds);
        core.CloseAdmission("The server is shutting down and accepts no new requests.");
        if (drainTimeout == Timeout.InfiniteTimeSpan)
        {
            // Wait for everything accepted to finish.
        }
        else if (drainTimeout <= TimeSpan.Zero)
        {
            core.ExpireDrain();
        }
        else
        {
            drainTimer = timeProvider.CreateTimer(_ => core.ExpireDrain(), null, drainTimeout, Timeout.InfiniteTimeSpan);
        }

        wake.Set();
    }

    private void Run()
    {
        while (true)
        {
            wake.Reset();
            bool ran;
            try
            {
                ran = core.RunIteration();
            }
            catch (Exception ex)
            {
                core.Recover(ex);
                ran = true;
            }

            var empty = core.IsEmpty;
            if (empty)
            {
                ReleaseIdleWaiters();
            }

            if (stopping && empty)
            {
                break;
            }

            if (!ran)
            {
                // A dedicated thread, not the thread pool: blocking here while idle is the design.
                wake.WaitHandle.WaitOne();
            }
        }

        drainTimer?.Dispose();
        LogStopped();
        lock (idleGate)
        {
            stopped.TrySetResult();
        }

        ReleaseIdleWaiters();
    }

    private void ReleaseIdleWaiters()
    {
        List<TaskCompletionSource> waiters;
        lock (idleGate)
        {
            if (idleWaiters.Count == 0)
            {
                return;
            }

            waiters = idleWaiters;
            idleWaiters = [];
        }

        foreach (var waiter in waiters)
        {
            waiter.TrySetResult();
        }
    }
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Wick.Core.Errors;
using Wick.Core.ParkingLot;
using Wick.Core.Scheduling;
using Wick.Core.Text;

namespace Wick.Core.Execution;

/// <summary>
/// The engine's state machine without its thread: admission (any thread), and one iteration at a time on the engine
/// thread — act on signals, plan a step, run it under the watchdog, sample, stream. Faults stay with the requests
/// they touch. <see cref="InferenceEngine"/> drives it from a dedicated thread; tests may drive it directly.
/// </summary>
internal sealed partial class EngineCore
{
    private readonly IModelExecutor executor;
    private readonly EngineOptions options;
    private readonly ILogger logger;
    private readonly TimeProvider timeProvider;
    private readonly ITokenVocabulary vocabulary;
    private readonly Scheduler scheduler;
    private readonly StepWatchdog watchdog;
    private readonly StepBatch batch;
    private readonly ConcurrentQueue<ActiveRequest> signalled = new();
    private readonly List<int> logitRows = [];
    private readonly Action wake;
    private readonly int retryAfterSeconds;
    private long nextId;
    private long stepNumber;
    private int consecutiveFailures;
    private volatile bool drainExpired;
    private SchedulePlan? inFlight;

    public EngineCore(IModelExecutor executor, EngineOptions options, ILogger logger, Action wake)
    {
        ArgumentNullException.ThrowIfNull(executor);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.executor = executor;
        this.options = options;
        this.logger = logger;
        this.wake = wake;
        timeProvider = options.TimeProvider;
        vocabulary = executor.Vocabulary;
        retryAfterSeconds = (int)Math.Ceiling(options.RetryAfter.TotalSeconds);

        var budget = Math.Min(options.StepTokenBudget, executor.MaxBatchTokens);
        var maxRunning = Math.Min(Math.Min(options.MaxRunningSequences, executor.MaxSequences), budget);
        scheduler = new Scheduler(new SchedulerLimits(maxRunning, budget, Math.Min(options.PrefillChunk, budget), executor.KvCapacity));
        Queue = new AdmissionQueue(options.MaxQueuedRequests, options.MaxQueuedTokens, retryAfterSeconds);
        watchdog = new StepWatchdog(timeProvider, options.StepTimeout, executor);
        batch = new StepBatch(budget);
    }

    public AdmissionQueue Queue { get; }

    public EngineCounters Counters { get; } = new();

    public Scheduler Scheduler => scheduler;

    public ITokenVocabulary Vocabulary => vocabulary;

    /// <summary>Tokens one sequence can hold: prompt plus output.</summary>
    public int ContextLength => executor.KvCapacity;

    public int ConsecutiveFailures => Volatile.Read(ref consecutiveFailures);

    public bool IsHealthy => ConsecutiveFailures < options.UnhealthyAfterFailures;

    /// <summary>Nothing queued, waiting or running.</summary>
    public bool IsEmpty => Queue.Count == 0 && scheduler.Running.Count == 0 && scheduler.WaitingCount == 0;

    /// <summary>Validates and queues one request (any thread); see <see cref="SubmitAll"/>.</summary>
    public GenerationHandle Submit(GenerationRequest request, CancellationToken cancellationToken) =>
        SubmitAll([request], cancellationToken)[0];

    /// <summary>
    /// Validates and queues every request or none (any thread): the engine sees them all at once, so the n choices of
    /// one API request start in the same step and a seeded request's batches do not depend on thread timing. Throws
    /// only <see cref="WickException"/>s: invalid request (400), context length (422), overloaded (429), shutting down
    /// (503).
    /// </summary>
    public IReadOnlyList<GenerationHandle> SubmitAll(IReadOnlyList<GenerationRequest> requests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Count == 0)
        {
            throw new ArgumentException("At least one is required.", nameof(requests));
        }

        var submittedAt = timeProvider.GetTimestamp();
        var active = new ActiveRequest[requests.Count];
        for (var i = 0; i < requests.Count; i++)
        {
            var request = requests[i];
            active[i] = new ActiveRequest(Interlocked.Increment(ref nextId), request, Validate(request), submittedAt, Notify);
        }

        try
        {
            Queue.EnqueueAll(active);
        }
        catch (EngineOverloadedException)
        {
            Counters.AddRejection();
            throw;
        }

        var handles = new GenerationHandle[active.Length];
        for (var i = 0; i < active.Length; i++)
        {
            active[i].Attach(timeProvider, options.QueueWaitTimeout, cancellationToken);
            handles[i] = new GenerationHandle(active[i].Id, active[i].PromptLength, active[i].MaxTokens, active[i].Events);
        }

        wake();
        return handles;
    }

    /// <summary>Refuses new requests from now on.</summary>
    public void CloseAdmission(string reason) => Queue.Close(reason);

    /// <summary>Ends every unfinished request with a shutdown error: aborts the running step and ends the rest at the next iteration. Any thread.</summary>
    public void ExpireDrain()
    {
        drainExpired = true;
        watchdog.AbortEveryStep(StepAbortReason.Shutdown);
        wake();
    }

    /// <summary>
    /// One engine-thread iteration: act on signals, plan, run one step. Returns false when there was nothing to run
    /// (the caller may wait for <c>wake</c>).
    /// </summary>
    public bool RunIteration()
    {
        DrainSignals();
        if (drainExpired)
        {
            EndEverything(new EngineShutdownException("The server shut down before this request finished.", retryAfterSeconds));
        }

        var plan = scheduler.Schedule(Queue);
        inFlight = plan;
        foreach (var (_, slot) in plan.Preempted)
        {
            executor.RemoveCells(slot, 0);
        }

        Counters.AddPreemptions(plan.Preempted.Count);
        foreach (var sequence in plan.Admitted)
        {
            var request = (ActiveRequest)sequence;
            request.OnAdmitted();
            if (!request.Started)
            {
                request.Started = true;
                Counters.AddPromptTokens(request.PromptLength);
            }
        }

        var ran = !plan.IsEmpty;
        if (ran)
        {
            RunStep(plan);
        }

        inFlight = null;
        PublishGauges();
        return ran;
    }

    /// <summary>
    /// Called when an iteration threw (a bug or a device call that threw outside a step): the requests of the step in
    /// flight end with an engine fault, idle slots are scrubbed, and the engine goes on.
    /// </summary>
    public void Recover(Exception fault)
    {
        LogIterationFault(fault);
        Counters.AddStepFailure();
        Interlocked.Increment(ref consecutiveFailures);
        var plan = inFlight;
        inFlight = null;
        if (plan is not null)
        {
            foreach (var chunk in plan.Chunks)
            {
                TryFinish((ActiveRequest)chunk.Sequence, new EngineFaultException("The engine failed while processing this request.", fault));
            }
        }

        // A slot whose removal failed may still hold cells: clear every slot no running sequence owns.
        var owned = new HashSet<int>(scheduler.Running.Select(s => s.Slot));
        for (var slot = 0; slot < scheduler.Limits.MaxRunning; slot++)
        {
            if (!owned.Contains(slot))
            {
                TryRemoveCells(slot);
            }
        }

        try
        {
            PublishGauges();
        }
        catch (Exception ex)
        {
            LogIterationFault(ex);
        }
    }

    /// <summary>Checks <paramref name="request"/> against the model and returns the output tokens it may generate.</summary>
    private int Validate(GenerationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.PromptTokens);
        ArgumentNullException.ThrowIfNull(request.Sampler);
        ArgumentNullException.ThrowIfNull(request.OutputProcessor);
        var prompt = request.PromptTokens;
        if (prompt.Count == 0)
        {
            throw new InvalidGenerationRequestException("The prompt is empty: at least one token is required.", "prompt");
        }

        var vocabularySize = vocabulary.Size;
        for (var i = 0; i < prompt.Count; i++)
        {
            if ((uint)prompt[i] >= (uint)vocabularySize)
            {
                throw new InvalidGenerationRequestException(
                    $"Prompt token {i} has id {prompt[i]}, outside the model's vocabulary (0..{vocabularySize - 1}).", "prompt");
            }
        }

        if (request.MaxTokens is < 1)
        {
            throw new InvalidGenerationRequestException($"max_tokens must be at least 1 (got {request.MaxTokens}).", "max_tokens");
        }

        ThrowIfNotPositive(request.FirstTokenTimeout, "first_token_timeout");
        ThrowIfNotPositive(request.TotalTimeout, "timeout");

        var room = ContextLength - prompt.Count;
        if (room < 1)
        {
            throw new ContextLengthExceededException(prompt.Count, ContextLength);
        }

        return Math.Min(request.MaxTokens ?? room, room);
    }

    private static void ThrowIfNotPositive(TimeSpan? value, string param)
    {
        if (value is { } v && v <= TimeSpan.Zero && v != Timeout.InfiniteTimeSpan)
        {
            throw new InvalidGenerationRequestException($"{param} must be positive (got {v}).", param);
        }
    }

    private void Notify(ActiveRequest request)
    {
        signalled.Enqueue(request);
        if ((request.Signals & RequestSignals.Cancelled) != 0 && watchdog.TryAbort(StepAbortReason.Cancelled, request.PrefillStep))
        {
            LogCancelAbort(request.Id);
        }

        wake();
    }

    private void DrainSignals()
    {
        while (signalled.TryDequeue(out var request))
        {
            if (request.Status == SequenceStatus.Finished)
            {
                continue;
            }

            var signals = request.Signals;
            if ((signals & RequestSignals.Cancelled) != 0)
            {
                Finish(request, FinishReason.Cancelled, null);
            }
            else if ((signals & RequestSignals.TotalDeadline) != 0)
            {
                Finish(request, FinishReason.Error, new DeadlineExceededException("total", request.Request.TotalTimeout.GetValueOrDefault()));
            }
            else if ((signals & RequestSignals.FirstTokenDeadline) != 0 && request.GeneratedCount == 0)
            {
                Finish(request, FinishReason.Error, new DeadlineExceededException("first_token", request.Request.FirstTokenTimeout.GetValueOrDefault()));
            }
            else if ((signals & RequestSignals.QueueTimeout) != 0 && request.Status == SequenceStatus.Queued)
            {
                Counters.AddQueueTimeout();
                Finish(request, FinishReason.Error, new QueueTimeoutException(timeProvider.GetElapsedTime(request.SubmittedAt), retryAfterSeconds));
            }
        }
    }

    private void RunStep(SchedulePlan plan)
    {
        var step = ++stepNumber;
        batch.Clear();
        logitRows.Clear();
        int prefillTokens = 0, decodeTokens = 0;
        foreach (var chunk in plan.Chunks)
        {
            var sequence = chunk.Sequence;
            var row = -1;
            for (var j = 0; j < chunk.Count; j++)
            {
                var position = chunk.Start + j;
                row = batch.Add(sequence.Slot, sequence.Tokens[position], position, chunk.NeedsLogits && j == chunk.Count - 1);
            }

            logitRows.Add(row);
            if (chunk.IsPrefill)
            {
                ((ActiveRequest)sequence).PrefillStep = step;
                prefillTokens += chunk.Count;
            }
            else
            {
                decodeTokens++;
            }
        }

        executor.ClearAbort();
        watchdog.Arm(step);
        var started = timeProvider.GetTimestamp();
        StepOutcome outcome;
        try
        {
            outcome = executor.Decode(batch);
        }
        catch (Exception ex)
        {
            LogDecodeThrew(step, ex);
            outcome = new StepOutcome(StepStatus.Failed, ex.Message);
        }

        var abortReason = watchdog.Disarm();
        var duration = timeProvider.GetElapsedTime(started);
        foreach (var chunk in plan.Chunks)
        {
            ((ActiveRequest)chunk.Sequence).PrefillStep = -1;
        }

        Counters.AddStep();
        HandleOutcome(plan, outcome, abortReason, step, duration);
        Observe(new StepReport(step, plan.Chunks.Count, prefillTokens, decodeTokens, outcome.Status, abortReason == StepAbortReason.Timeout, duration));
    }

    private void HandleOutcome(SchedulePlan plan, StepOutcome outcome, StepAbortReason abortReason, long step, TimeSpan duration)
    {
        switch (outcome.Status)
        {
            case StepStatus.Ok:
                Volatile.Write(ref consecutiveFailures, 0);
                scheduler.Commit(plan);
                for (var i = 0; i < plan.Chunks.Count; i++)
                {
                    if (plan.Chunks[i].NeedsLogits)
                    {
                        SampleAndEmit((ActiveRequest)plan.Chunks[i].Sequence, logitRows[i]);
                    }
                }

                break;

            case StepStatus.Aborted when abortReason == StepAbortReason.Timeout:
                LogStepTimedOut(step, plan.Chunks.Count, duration.TotalMilliseconds);
                Counters.AddStepTimeout();
                Interlocked.Increment(ref consecutiveFailures);

                // Blame the largest prefill chunk (it made the step long): short prompts co-batched with it roll back and
                // are re-planned like the decodes. With no prefill in the step, every sequence in it is blamed.
                var culprit = LargestPrefill(plan);
                foreach (var chunk in plan.Chunks)
                {
                    if (culprit is null || chunk.Sequence == culprit)
                    {
                        Finish((ActiveRequest)chunk.Sequence, FinishReason.Error, new StepTimeoutException(watchdog.Timeout));
                    }
                    else
                    {
                        RollBack(chunk);
                    }
                }

                break;

            case StepStatus.Aborted when abortReason is StepAbortReason.Cancelled or StepAbortReason.Shutdown:
                Counters.AddStepAbort();
                RollBackAll(plan);
                break;

            case StepStatus.KvExhausted:
                LogKvExhausted(step, scheduler.Running.Count);
                RollBackAll(plan);
                if (scheduler.PreemptNewest() is (_, var slot))
                {
                    executor.RemoveCells(slot, 0);
                    Counters.AddPreemptions(1);
                }
                else
                {
                    foreach (var chunk in plan.Chunks)
                    {
                        Finish((ActiveRequest)chunk.Sequence, FinishReason.Error, new KvCacheExhaustedException(retryAfterSeconds));
                    }
                }

                break;

            default:
                LogStepFailed(step, outcome.Status, outcome.Detail);
                Counters.AddStepFailure();
                Interlocked.Increment(ref consecutiveFailures);
                foreach (var chunk in plan.Chunks)
                {
                    Finish(
                        (ActiveRequest)chunk.Sequence,
                        FinishReason.Error,
                        new EngineFaultException($"The device step failed ({outcome.Status}: {outcome.Detail})."));
                }

                break;
        }
    }

    private void SampleAndEmit(ActiveRequest request, int row)
    {
        try
        {
            var sampled = request.Request.Sampler.Sample(executor.GetLogits(row));
            var token = sampled.TokenId;
            if ((uint)token >= (uint)vocabulary.Size)
            {
                throw new EngineFaultException($"The sampler returned token id {token}, outside the vocabulary (0..{vocabulary.Size - 1}).");
            }

            request.AppendToken(token);
            request.OnFirstToken();
            Counters.AddGenerationToken();
            if (!request.Request.IgnoreEndOfGeneration && vocabulary.IsEndOfGeneration(token))
            {
                Finish(request, FinishReason.Stop, null, flush: true);
                return;
            }

            var output = request.Request.OutputProcessor.Append(token);
            var buffered = request.Events.Write(new TokenEvent(token, output.Text, sampled.LogProbability, sampled.TopLogProbabilities));
            if (output.Stopped)
            {
                Finish(request, FinishReason.Stop, null);
            }
            else if (request.GeneratedCount >= request.MaxTokens)
            {
                Finish(request, FinishReason.Length, null, flush: true);
            }
            else if (buffered > options.MaxBufferedEvents)
            {
                Finish(request, FinishReason.Error, new SlowConsumerException(buffered));
            }
        }
        catch (Exception ex) when (request.Status != SequenceStatus.Finished)
        {
            LogRequestFault(request.Id, ex);
            Finish(request, FinishReason.Error, ex as WickException ?? new EngineFaultException("Sampling or text output failed for this request.", ex));
        }
    }

    private static Sequence? LargestPrefill(SchedulePlan plan)
    {
        Sequence? largest = null;
        var tokens = 0;
        foreach (var chunk in plan.Chunks)
        {
            if (chunk.IsPrefill && chunk.Count > tokens)
            {
                (largest, tokens) = (chunk.Sequence, chunk.Count);
            }
        }

        return largest;
    }

    private void RollBackAll(SchedulePlan plan)
    {
        foreach (var chunk in plan.Chunks)
        {
            RollBack(chunk);
        }
    }

    /// <summary>The step did not happen for this chunk: drop whatever the device kept of it; the scheduler plans it again.</summary>
    private void RollBack(ScheduledChunk chunk) => executor.RemoveCells(chunk.Sequence.Slot, chunk.Start);

    /// <summary>Ends every request still queued, waiting or running (shutdown deadline).</summary>
    private void EndEverything(WickException error)
    {
        foreach (var queued in Queue.TakeAll())
        {
            Finish((ActiveRequest)queued, FinishReason.Error, error);
        }

        foreach (var waiting in scheduler.Waiting.ToArray())
        {
            Finish((ActiveRequest)waiting, FinishReason.Error, error);
        }

        foreach (var running in scheduler.Running.ToArray())
        {
            Finish((ActiveRequest)running, FinishReason.Error, error);
        }
    }

    private void Finish(ActiveRequest request, FinishReason reason, WickException? error, bool flush = false)
    {
        if (request.Status == SequenceStatus.Finished)
        {
            return;
        }

        if (request.Status == SequenceStatus.Queued)
        {
            Queue.Remove(request);
        }

        var slot = scheduler.Finish(request);
        var tail = string.Empty;
        if (flush)
        {
            try
            {
                tail = request.Request.OutputProcessor.Flush();
            }
            catch (Exception ex)
            {
                LogRequestFault(request.Id, ex);
                reason = FinishReason.Error;
                error = ex as WickException ?? new EngineFaultException("Text output failed for this request.", ex);
            }
        }

        request.Complete(TokenEvent.Final(tail, new GenerationFinish(reason, new GenerationUsage(request.PromptLength, request.GeneratedCount), error)));
        Counters.AddFinished(reason);
        if (slot >= 0)
        {
            executor.RemoveCells(slot, 0);
        }
    }

    private void TryFinish(ActiveRequest request, WickException error)
    {
        try
        {
            Finish(request, FinishReason.Error, error);
        }
        catch (Exception ex)
        {
            LogIterationFault(ex);
        }
    }

    private void TryRemoveCells(int slot)
    {
        try
        {
            executor.RemoveCells(slot, 0);
        }
        catch (Exception ex)
        {
            LogIterationFault(ex);
        }
    }

    private void Observe(StepReport report)
    {
        try
        {
            options.StepObserver?.Invoke(report);
        }
        catch (Exception ex)
        {
            LogObserverFault(ex);
        }
    }

    private void PublishGauges() =>
        Counters.SetGauges(scheduler.Running.Count, scheduler.WaitingCount, executor.KvCellsInUse, scheduler.KvReserved);
}

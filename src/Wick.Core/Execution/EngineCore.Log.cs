using Microsoft.Extensions.Logging;

namespace Wick.Core.Execution;

internal sealed partial class EngineCore
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Step {Step} ran past the step limit ({ElapsedMs:0} ms) and was aborted; {Sequences} sequences were in it")]
    private partial void LogStepTimedOut(long step, int sequences, double elapsedMs);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Step {Step} failed: {Status} {Detail}")]
    private partial void LogStepFailed(long step, StepStatus status, string? detail);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Step {Step}: the executor threw")]
    private partial void LogDecodeThrew(long step, Exception exception);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Step {Step}: the device found no KV room with {Running} sequences running; preempting the newest")]
    private partial void LogKvExhausted(long step, int running);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Request {RequestId} failed while sampling or producing text")]
    private partial void LogRequestFault(long requestId, Exception exception);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Request {RequestId} was cancelled during its prefill; aborting the step")]
    private partial void LogCancelAbort(long requestId);

    [LoggerMessage(EventId = 7, Level = LogLevel.Error, Message = "An engine iteration failed; the requests it touched were ended and the engine goes on")]
    private partial void LogIterationFault(Exception exception);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "A step observer threw; ignored")]
    private partial void LogObserverFault(Exception exception);
}

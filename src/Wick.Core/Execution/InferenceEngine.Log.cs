using Microsoft.Extensions.Logging;

namespace Wick.Core.Execution;

public sealed partial class InferenceEngine
{
    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Engine stopping: admission closed, draining for up to {DrainSeconds} s")]
    private partial void LogStopping(double drainSeconds);

    [LoggerMessage(EventId = 21, Level = LogLevel.Information, Message = "Engine stopped")]
    private partial void LogStopped();
}

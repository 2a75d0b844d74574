namespace Wick.Core.Execution;

/// <summary>Things that happen to a request off the engine thread; the engine acts on them at the next step boundary.</summary>
[Flags]
internal enum RequestSignals
{
    None = 0,
    Cancelled = 1,
    QueueTimeout = 2,
    FirstTokenDeadline = 4,
    TotalDeadline = 8,
}

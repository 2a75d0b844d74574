using Microsoft.Extensions.Logging;

namespace Wick.Core.Tests.Execution;

/// <summary>An ILogger that keeps (level, message) pairs for assertions.</summary>
internal sealed class RecordingLogger : ILogger
{
    private readonly List<(LogLevel, string)> entries = [];

    public IReadOnlyList<(LogLevel Level, string Message)> Entries
    {
        get
        {
            lock (entries)
            {
                return [.. entries];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (entries)
        {
            entries.Add((logLevel, formatter(state, exception)));
        }
    }
}

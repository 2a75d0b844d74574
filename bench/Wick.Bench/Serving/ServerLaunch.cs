namespace Wick.Bench.Serving;

/// <summary>How to start <c>wick serve</c> for a phase: the same model, sequences, context and threads as the baselines.</summary>
internal sealed record ServerLaunch(string WickDll, string ModelPath, int Parallel, int ContextSize, int Threads, string LogPath)
{
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromMinutes(3);
}

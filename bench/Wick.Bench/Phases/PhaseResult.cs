using Wick.Bench.Measurement;
using Wick.Bench.Workload;

namespace Wick.Bench.Phases;

/// <summary>One phase of one model at one load: the workload, the figures, and what the phase knows of itself.</summary>
internal sealed record PhaseResult(string Model, PhaseKind Phase, WorkloadSpec Workload, int ContextSize, int Threads, RunSummary Summary)
{
    /// <summary>Seconds from starting <c>wick serve</c> to <c>/health/ready</c> (the Wick phase when it started the server).</summary>
    public double? ServerStartupSeconds { get; init; }

    /// <summary>The engine thread's time split (engine phase).</summary>
    public EngineBreakdown? Engine { get; init; }

    /// <summary>Which repetition of the phase sequence this was (0-based; see <c>--repeat</c>).</summary>
    public int Repeat { get; init; }

    public int Concurrency => Workload.Concurrency;
}

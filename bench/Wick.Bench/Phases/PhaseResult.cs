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

    /// <summary>CPU seconds (user + system) the benchmark process used while the phase was measured: the client for the
    /// Wick phase, the whole decode for the in-process phases.</summary>
    public double? BenchCpuSeconds { get; init; }

    /// <summary>CPU seconds the <c>wick serve</c> child used while the phase was measured.</summary>
    public double? ServerCpuSeconds { get; init; }

    /// <summary>Which repetition of the phase sequence this was (0-based; see <c>--repeat</c>).</summary>
    public int Repeat { get; init; }

    public int Concurrency => Workload.Concurrency;
}

using Wick.Bench.Models;
using Wick.Bench.Workload;

namespace Wick.Bench.Phases;

/// <summary>Everything a phase needs: the model, the workload and prompts, the shared context settings, where to write logs.</summary>
internal sealed record PhaseOptions(BenchModel Model, WorkloadSpec Workload, int ContextSize, int Threads, string OutputDirectory)
{
    /// <summary>A running server to drive instead of starting one (Wick phase only).</summary>
    public Uri? Url { get; init; }

    /// <summary>The built <c>wick.dll</c> to start (Wick phase without <see cref="Url"/>).</summary>
    public string? WickDll { get; init; }

    /// <summary>Sequence slots of the server and the engine (default: the concurrency).</summary>
    public int? Parallel { get; init; }

    /// <summary>Ask for <c>logprobs: 0</c> so every token arrives as its own event (see <c>HttpTarget</c>).</summary>
    public bool Logprobs { get; init; } = true;

    /// <summary>Wick's step watchdog limit for the server and the engine phase.</summary>
    public TimeSpan StepTimeout { get; init; } = TimeSpan.FromSeconds(600);

    /// <summary>Requests for the one-at-a-time baseline (it serialises everything; fewer requests give the same throughput).</summary>
    public int? UsualRequests { get; init; }

    /// <summary>Send <c>2+2=</c> once over HTTP after the run (the tiny model's end-to-end check).</summary>
    public bool Probe { get; init; }

    public int Sequences => Math.Max(Parallel ?? Workload.Concurrency, Workload.Rate is null ? Workload.Concurrency : 1);
}

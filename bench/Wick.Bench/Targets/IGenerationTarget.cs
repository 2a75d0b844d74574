using Wick.Bench.Measurement;

namespace Wick.Bench.Targets;

/// <summary>Something that generates text for one request at a time per caller: Wick over HTTP, Wick's engine in
/// process, or LLamaSharp's executor. Fills in the timings of <paramref name="record"/>; throws on failure.</summary>
internal interface IGenerationTarget : IAsyncDisposable
{
    /// <summary>Short name used in tables (wick, engine, usual).</summary>
    string Name { get; }

    Task RunAsync(string prompt, int outputLength, RequestRecord record, RunClock clock, CancellationToken cancellationToken);
}

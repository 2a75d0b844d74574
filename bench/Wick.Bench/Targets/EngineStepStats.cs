using Wick.Core.Execution;

namespace Wick.Bench.Targets;

/// <summary>
/// Totals of the engine's own step reports (<see cref="EngineOptions.StepObserver"/>): how many steps ran and how long
/// their device decode took. Written on the engine thread only; read after the run.
/// </summary>
internal sealed class EngineStepStats
{
    private long steps;
    private long prefillTokens;
    private long decodeTokens;
    private double decodeSeconds;

    public long Steps => Volatile.Read(ref steps);

    public long PrefillTokens => prefillTokens;

    public long DecodeTokens => decodeTokens;

    /// <summary>Seconds spent inside <c>IModelExecutor.Decode</c>, summed over steps.</summary>
    public double DecodeSeconds => decodeSeconds;

    public void Observe(StepReport report)
    {
        prefillTokens += report.PrefillTokens;
        decodeTokens += report.DecodeTokens;
        decodeSeconds += report.Duration.TotalSeconds;
        Volatile.Write(ref steps, steps + 1);
    }

    public void Reset()
    {
        steps = 0;
        prefillTokens = 0;
        decodeTokens = 0;
        decodeSeconds = 0;
    }
}

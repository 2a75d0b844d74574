namespace Wick.Core.Execution;

/// <summary>What one device step did, for observers (benchmarks, tests): how many sequences and tokens it carried and how it ended.</summary>
public readonly record struct StepReport(
    long Step,
    int Sequences,
    int PrefillTokens,
    int DecodeTokens,
    StepStatus Outcome,
    bool TimedOut,
    TimeSpan Duration)
{
    public int Tokens => PrefillTokens + DecodeTokens;
}

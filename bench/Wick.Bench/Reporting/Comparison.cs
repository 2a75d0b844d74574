using Wick.Bench.Phases;

namespace Wick.Bench.Reporting;

/// <summary>
/// Wick against its baselines for one model and load, from phases of the same run: output-token throughput ratios
/// (above 1: Wick is faster) and the server's time per output token over the raw engine's.
/// </summary>
internal sealed record Comparison(
    string Model,
    int Concurrency,
    double WickOverRawThroughput,
    double WickOverRawTpot,
    double TpotOverheadMs,
    double WickOverUsualThroughput,
    double EngineOverRawThroughput)
{
    public static IReadOnlyList<Comparison> From(IReadOnlyList<PhaseResult> results) =>
        [.. results
            .GroupBy(r => (r.Model, r.Concurrency))
            .Select(g =>
            {
                var by = g.GroupBy(r => r.Phase).ToDictionary(x => x.Key, x => x.Last().Summary);
                double Throughput(PhaseKind kind) => by.TryGetValue(kind, out var s) ? s.OutputTokenThroughput : double.NaN;
                double Tpot(PhaseKind kind) => by.TryGetValue(kind, out var s) ? s.Tpot.Mean : double.NaN;
                return new Comparison(
                    g.Key.Model,
                    g.Key.Concurrency,
                    Throughput(PhaseKind.Wick) / Throughput(PhaseKind.Raw),
                    Tpot(PhaseKind.Wick) / Tpot(PhaseKind.Raw),
                    Tpot(PhaseKind.Wick) - Tpot(PhaseKind.Raw),
                    Throughput(PhaseKind.Wick) / Throughput(PhaseKind.Usual),
                    Throughput(PhaseKind.Engine) / Throughput(PhaseKind.Raw));
            })];
}

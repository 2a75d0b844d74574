using Wick.Bench.Phases;

namespace Wick.Bench.Reporting;

/// <summary>
/// Wick against its baselines for one model and load, from phases of the same run: output-token throughput ratios
/// (above 1: the first is faster) and the server's time per output token over the raw engine's. With repeated
/// phases each ratio is the median of the ratios within each repetition: phases of one repetition ran minutes apart
/// at most, so a shared machine's slow drifts cancel better than across repetitions.
/// </summary>
internal sealed record Comparison(
    string Model,
    int Concurrency,
    int Repetitions,
    double WickOverRawThroughput,
    double WickOverRawTpot,
    double TpotOverheadMs,
    double WickOverUsualThroughput,
    double RawOverUsualThroughput,
    double EngineOverRawThroughput)
{
    public static IReadOnlyList<Comparison> From(IReadOnlyList<PhaseResult> results) =>
        [.. results
            .GroupBy(r => (r.Model, r.Concurrency))
            .Select(g =>
            {
                var repetitions = g.GroupBy(r => r.Repeat).Select(rep => rep.GroupBy(r => r.Phase).ToDictionary(x => x.Key, x => x.Last().Summary)).ToList();
                double Median(Func<Func<PhaseKind, double>, Func<PhaseKind, double>, double> ratio)
                {
                    var values = repetitions.Select(by => ratio(
                        kind => by.TryGetValue(kind, out var s) ? s.OutputTokenThroughput : double.NaN,
                        kind => by.TryGetValue(kind, out var s) ? s.Tpot.Mean : double.NaN)).Where(v => !double.IsNaN(v)).Order().ToList();
                    return values.Count == 0 ? double.NaN
                        : values.Count % 2 == 1 ? values[values.Count / 2]
                        : (values[(values.Count / 2) - 1] + values[values.Count / 2]) / 2;
                }

                return new Comparison(
                    g.Key.Model,
                    g.Key.Concurrency,
                    repetitions.Count,
                    Median((tps, _) => tps(PhaseKind.Wick) / tps(PhaseKind.Raw)),
                    Median((_, tpot) => tpot(PhaseKind.Wick) / tpot(PhaseKind.Raw)),
                    Median((_, tpot) => tpot(PhaseKind.Wick) - tpot(PhaseKind.Raw)),
                    Median((tps, _) => tps(PhaseKind.Wick) / tps(PhaseKind.Usual)),
                    Median((tps, _) => tps(PhaseKind.Raw) / tps(PhaseKind.Usual)),
                    Median((tps, _) => tps(PhaseKind.Engine) / tps(PhaseKind.Raw)));
            })
            .Where(c => !(double.IsNaN(c.WickOverRawThroughput) && double.IsNaN(c.WickOverUsualThroughput) && double.IsNaN(c.EngineOverRawThroughput)))];
}

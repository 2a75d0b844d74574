using Wick.Bench.Phases;

namespace Wick.Bench.Reporting;

/// <summary>
/// Wick against its baselines for one model and load, from phases of the same run: output-token throughput ratios
/// (above 1: the first is faster) and the server's time per output token over the raw engine's. With repeated
/// phases each ratio is the median of the ratios within each repetition: phases of one repetition ran minutes apart
/// at most, so a shared machine's slow drifts cancel better than across repetitions. The CPU ratios divide the raw
/// engine's CPU time per output token by Wick's (the server process's; the engine phase's): decode is CPU-bound, so on
/// a machine shared with other work they estimate the throughput ratio an idle machine would show far more steadily
/// than wall-clock ratios do (above 1 would mean Wick spent less CPU per token than the raw loop).
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
    double EngineOverRawThroughput,
    double RawOverWickCpu,
    double RawOverEngineCpu)
{
    /// <summary>CPU seconds per output token of one phase: the server's for Wick over HTTP, the benchmark process's otherwise.</summary>
    private static double CpuPerToken(Dictionary<PhaseKind, PhaseResult> by, PhaseKind kind, bool server) =>
        by.TryGetValue(kind, out var p) && (server ? p.ServerCpuSeconds : p.BenchCpuSeconds) is { } seconds && p.Summary.OutputTokens > 0 && p.Summary.Failed == 0
            ? seconds / p.Summary.OutputTokens
            : double.NaN;

    public static IReadOnlyList<Comparison> From(IReadOnlyList<PhaseResult> results) =>
        [.. results
            .GroupBy(r => (r.Model, r.Concurrency))
            .Select(g =>
            {
                var runs = g.GroupBy(r => r.Repeat).Select(rep => rep.GroupBy(r => r.Phase).ToDictionary(x => x.Key, x => x.Last())).ToList();
                var repetitions = runs.Select(by => by.ToDictionary(x => x.Key, x => x.Value.Summary)).ToList();
                double MedianOf(IEnumerable<double> values)
                {
                    var sorted = values.Where(v => !double.IsNaN(v)).Order().ToList();
                    return sorted.Count == 0 ? double.NaN
                        : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2]
                        : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
                }

                double CpuRatio(PhaseKind kind) => MedianOf(runs.Select(by => CpuPerToken(by, PhaseKind.Raw, server: false) / CpuPerToken(by, kind, server: kind == PhaseKind.Wick)));
                double Median(Func<Func<PhaseKind, double>, Func<PhaseKind, double>, double> ratio)
                {
                    return MedianOf(repetitions.Select(by => ratio(
                        kind => by.TryGetValue(kind, out var s) ? s.OutputTokenThroughput : double.NaN,
                        kind => by.TryGetValue(kind, out var s) ? s.Tpot.Mean : double.NaN)));
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
                    Median((tps, _) => tps(PhaseKind.Engine) / tps(PhaseKind.Raw)),
                    CpuRatio(PhaseKind.Wick),
                    CpuRatio(PhaseKind.Engine));
            })
            .Where(c => !(double.IsNaN(c.WickOverRawThroughput) && double.IsNaN(c.WickOverUsualThroughput) && double.IsNaN(c.EngineOverRawThroughput)))];
}

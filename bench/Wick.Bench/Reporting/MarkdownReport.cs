using System.Globalization;
using System.Text;
using Wick.Bench.Measurement;
using Wick.Bench.Phases;

namespace Wick.Bench.Reporting;

/// <summary>The report as Markdown tables: per-phase figures, Wick against its baselines, the engine's time split,
/// the probes, and the performance targets with the figure measured for each.</summary>
internal static class MarkdownReport
{
    public static string Write(BenchReport report, IReadOnlyList<string> charts)
    {
        var md = new StringBuilder();
        foreach (var model in report.Phases.Select(p => p.Model).Distinct())
        {
            var phases = report.Phases.Where(p => p.Model == model).ToList();
            var w = phases[0].Workload;
            Line(md, $"### {model}: input {w.InputLength} tokens, output {w.OutputLength} tokens, {phases[0].Threads} threads");
            Line(md);
            Line(md, "| c | phase | requests | output tok/s | req/s | TTFT p50 | TTFT p90 | TTFT p99 | TPOT mean | TPOT p50 | TPOT p99 | ITL p50 | ITL p99 | E2E p50 | E2E p99 |");
            Line(md, "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var p in phases.OrderBy(p => p.Concurrency).ThenBy(p => p.Phase))
            {
                var s = p.Summary;
                var requests = s.Failed > 0 ? $"{s.Requests} ({s.Failed} failed)" : s.Requests.ToString(CultureInfo.InvariantCulture);
                Line(md, $"| {p.Concurrency} | {PhaseRunner.Name(p.Phase)} | {requests} | {F(s.OutputTokenThroughput, 1)} | {F(s.RequestThroughput, 2)} | "
                    + $"{Ms(s.Ttft.P50)} | {Ms(s.Ttft.P90)} | {Ms(s.Ttft.P99)} | {Ms(s.Tpot.Mean)} | {Ms(s.Tpot.P50)} | {Ms(s.Tpot.P99)} | "
                    + $"{Ms(s.Itl.P50)} | {Ms(s.Itl.P99)} | {Ms(s.EndToEnd.P50)} | {Ms(s.EndToEnd.P99)} |");
            }

            Line(md);
        }

        Line(md, "Latencies in milliseconds. TTFT: time to first token; TPOT: per request, (end-to-end − TTFT) / (tokens − 1); ITL: gap between consecutive tokens of a request; E2E: whole request.");
        Line(md);
        foreach (var chart in charts)
        {
            Line(md, $"![{Path.GetFileNameWithoutExtension(chart)}]({chart})");
            Line(md);
        }

        if (report.Comparisons.Count > 0)
        {
            Line(md, "### Wick against the baselines (same run, same model, same token counts)");
            Line(md);
            if (report.Comparisons.Any(c => c.Repetitions > 1))
            {
                Line(md, "Each ratio is the median of the ratios within each repetition (phases of one repetition ran back to back).");
                Line(md);
            }

            Line(md, "Wall-clock ratios first; then CPU efficiency, the raw engine's CPU time per output token divided by Wick's (server process; engine phase), which a shared machine disturbs far less (see CPU time per output token below).");
            Line(md);
            Line(md, "| model | c | Wick / raw output tok/s | Wick − raw TPOT (ms) | Wick / raw TPOT | Wick / usual output tok/s | raw / usual output tok/s (ceiling) | engine / raw output tok/s | CPU efficiency Wick server vs raw | CPU efficiency engine vs raw |");
            Line(md, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var c in report.Comparisons)
            {
                Line(md, $"| {c.Model} | {c.Concurrency} | {F(c.WickOverRawThroughput, 3)} | {F(c.TpotOverheadMs, 3)} | {F(c.WickOverRawTpot, 3)} | {F(c.WickOverUsualThroughput, 2)} | {F(c.RawOverUsualThroughput, 2)} | {F(c.EngineOverRawThroughput, 3)} | {F(c.RawOverWickCpu, 3)} | {F(c.RawOverEngineCpu, 3)} |");
            }

            Line(md);
        }

        var engines = report.Phases.Where(p => p.Engine is not null).ToList();
        if (engines.Count > 0)
        {
            Line(md, "### Where the engine thread's time goes (in-process engine phase)");
            Line(md);
            Line(md, "Decode: time inside llama.cpp's decode (the engine's step reports). Rest: the run's wall time less decode, per step — planning, batch building, sampling, text and channel writes, plus any time the engine waited for work (so an upper bound).");
            Line(md);
            Line(md, "| model | c | steps | tokens per step | decode ms/step | rest of loop ms/step | share in decode |");
            Line(md, "|---|---:|---:|---:|---:|---:|---:|");
            foreach (var p in engines)
            {
                var e = p.Engine!;
                Line(md, $"| {p.Model} | {p.Concurrency} | {e.Steps} | {F((e.PrefillTokens + e.DecodeTokens) / (double)Math.Max(1, e.Steps), 1)} | {F(e.DecodeMsPerStep, 2)} | {F(e.OtherMsPerStep, 3)} | {F(e.DecodeShare * 100, 1)} % |");
            }

            Line(md);
        }

        if (report.Probes.Count > 0)
        {
            Line(md, "### End to end: one prompt");
            Line(md);
            Line(md, "| model | how | prompt | answer | correct | time (ms) |");
            Line(md, "|---|---|---|---|---|---:|");
            foreach (var p in report.Probes)
            {
                Line(md, $"| {p.Model} | {p.How} | `{p.Prompt}` | `{p.Text.Trim()}` | {(p.Correct ? "yes" : "NO")} | {F(p.Seconds * 1000, 1)} |");
            }

            Line(md);
        }

        var cpu = report.Phases.Where(p => p.BenchCpuSeconds is not null && p.Summary.OutputTokens > 0).ToList();
        if (cpu.Count > 0)
        {
            Line(md, "### CPU time per output token (user + system, while measured)");
            Line(md);
            Line(md, "Wick: the server process, then the benchmark client beside it. Engine, raw, usual: the benchmark process, which does the decode itself. On a machine with few cores the HTTP work competes with decode for them.");
            Line(md);
            Line(md, "| model | c | wick server | wick client | engine | raw | usual |");
            Line(md, "|---|---:|---:|---:|---:|---:|---:|");
            foreach (var g in cpu.GroupBy(p => (p.Model, p.Concurrency)))
            {
                string PerToken(PhaseKind kind, bool server = false) => g.FirstOrDefault(p => p.Phase == kind) is { } p
                    && (server ? p.ServerCpuSeconds : p.BenchCpuSeconds) is { } seconds
                    ? $"{F(seconds * 1000 / p.Summary.OutputTokens, 3)} ms" : "–";
                Line(md, $"| {g.Key.Model} | {g.Key.Concurrency} | {PerToken(PhaseKind.Wick, server: true)} | {PerToken(PhaseKind.Wick)} | {PerToken(PhaseKind.Engine)} | {PerToken(PhaseKind.Raw)} | {PerToken(PhaseKind.Usual)} |");
            }

            Line(md);
        }

        var startups = report.Phases.Where(p => p.ServerStartupSeconds is not null).ToList();
        if (startups.Count > 0)
        {
            Line(md, "Server start-up (process start → `/health/ready` 200, model load included): "
                + string.Join(", ", startups.Select(p => $"{p.Model} c={p.Concurrency} {F(p.ServerStartupSeconds!.Value, 2)} s")) + ".");
            Line(md);
        }

        var targets = Targets(report);
        if (targets.Count > 0)
        {
            Line(md, "### Targets");
            Line(md);
            Line(md, "| target | measured | met |");
            Line(md, "|---|---:|---|");
            foreach (var (target, measured, met) in targets)
            {
                Line(md, $"| {target} | {measured} | {(met ? "yes" : "**no**")} |");
            }

            Line(md);
        }

        return md.ToString();
    }

    /// <summary>The targets of issue 8, for the models and loads this run covered.</summary>
    internal static List<(string Target, string Measured, bool Met)> Targets(BenchReport report)
    {
        var rows = new List<(string, string, bool)>();
        foreach (var c in report.Comparisons.Where(c => !double.IsNaN(c.WickOverRawThroughput)))
        {
            rows.Add(($"{c.Model}, c={c.Concurrency}: output tok/s ≥ 90 % of raw", $"{F(c.WickOverRawThroughput * 100, 1)} %", c.WickOverRawThroughput >= 0.9));
        }

        foreach (var c in report.Comparisons.Where(c => !double.IsNaN(c.RawOverWickCpu)))
        {
            rows.Add(($"{c.Model}, c={c.Concurrency}: raw CPU per output token ≥ 90 % of the Wick server's (load-robust proxy of the above)", $"{F(c.RawOverWickCpu * 100, 1)} %", c.RawOverWickCpu >= 0.9));
        }

        foreach (var c in report.Comparisons.Where(c => c.Concurrency == 1 && !double.IsNaN(c.TpotOverheadMs)))
        {
            rows.Add(($"{c.Model}, c=1: Wick TPOT − raw TPOT < 1 ms", $"{F(c.TpotOverheadMs, 3)} ms", c.TpotOverheadMs < 1));
        }

        foreach (var c in report.Comparisons.Where(c => c.Concurrency >= 32 && !double.IsNaN(c.WickOverUsualThroughput)))
        {
            rows.Add(($"{c.Model}, c={c.Concurrency}: output tok/s ≥ 3× the usual .NET way (raw engine: {F(c.RawOverUsualThroughput, 2)}×)", $"{F(c.WickOverUsualThroughput, 2)}×", c.WickOverUsualThroughput >= 3));
        }

        foreach (var p in report.Phases.Where(p => p.Model == "tiny" && p.Phase == PhaseKind.Wick && p.Concurrency == 1))
        {
            rows.Add(("tiny, c=1: TTFT p50 < 50 ms", $"{Ms(p.Summary.Ttft.P50)} ms", p.Summary.Ttft.P50 < 50));
        }

        foreach (var p in report.Probes)
        {
            rows.Add(($"{p.Model}: `{p.Prompt}` end to end < 1 s and correct ({p.How})", $"{F(p.Seconds * 1000, 1)} ms", p.Seconds < 1 && p.Correct));
        }

        return rows;
    }

    private static string Ms(double value) => F(value, value < 10 ? 2 : 1);

    private static string F(double value, int decimals) =>
        double.IsNaN(value) || double.IsInfinity(value) ? "–" : value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static void Line(StringBuilder md, string text = "") => md.Append(text).Append('\n');
}

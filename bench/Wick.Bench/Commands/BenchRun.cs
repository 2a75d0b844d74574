using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Wick.Bench.Baselines;
using Wick.Bench.Models;
using Wick.Bench.Phases;
using Wick.Bench.Reporting;
using Wick.Bench.Workload;

namespace Wick.Bench.Commands;

/// <summary>
/// One invocation: for every model, every load, every phase in order (Wick, engine, raw, usual — one after the
/// other, never at once), then the comparison, <c>results.json</c>, <c>results.md</c> and the charts.
/// </summary>
internal static class BenchRun
{
    public static async Task<int> ExecuteAsync(BenchFlags flags, ParseResult parse, string[] args, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.Now;
        var watch = Stopwatch.StartNew();
        var phases = BenchFlags.ParsePhases(parse.GetRequiredValue(flags.Phases));
        var url = parse.GetValue(flags.Url) is { } given ? BaseUrl(given) : null;
        if (url is not null && phases.Any(p => p != PhaseKind.Wick))
        {
            throw new ArgumentException("--url drives a running server: only the wick phase can run against it (the baselines need --model).");
        }

        if (url is not null && parse.GetValue(flags.Serve))
        {
            throw new ArgumentException("Give --url or --serve, not both.");
        }

        var output = Path.GetFullPath(parse.GetValue(flags.Output)
            ?? Path.Combine(Serving.RepositoryLayout.FindRoot() ?? ".", "artifacts", "bench", started.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)));
        Directory.CreateDirectory(output);
        var machine = MachineInfo.Current();
        Console.WriteLine($"wick-bench: {machine.Cpu}, {machine.LogicalCores} cores, {machine.MemoryGiB} GiB, {machine.Runtime}, load {machine.LoadAverage}");
        Console.WriteLine($"results → {output}");

        var models = url is not null && parse.GetResult(flags.Models) is null or { Implicit: true }
            ? [new BenchModel(await Targets.HttpTarget.ModelIdAsync(url, cancellationToken).ConfigureAwait(false), url.ToString())]
            : BenchFlags.Names(parse.GetRequiredValue(flags.Models)).Select(m => ModelResolver.Resolve(m, Console.WriteLine)).ToList();
        var results = new List<PhaseResult>();
        var probes = new List<ProbeResult>();
        foreach (var model in models)
        {
            foreach (var concurrency in BenchFlags.Ints(parse.GetRequiredValue(flags.Concurrency)))
            {
                var spec = Workload(flags, parse, concurrency);
                spec.Validate();
                var options = new PhaseOptions(
                    model,
                    spec,
                    parse.GetValue(flags.ContextSize) ?? ContextSettings.ContextFor(Math.Max(parse.GetValue(flags.Parallel) ?? concurrency, concurrency), spec.InputLength, spec.OutputLength),
                    parse.GetValue(flags.Threads),
                    output)
                {
                    Url = url,
                    WickDll = parse.GetValue(flags.WickDll),
                    Parallel = parse.GetValue(flags.Parallel),
                    StepTimeout = TimeSpan.FromSeconds(parse.GetValue(flags.StepTimeout)),
                    Logprobs = !parse.GetValue(flags.NoLogprobs),
                    UsualRequests = parse.GetValue(flags.UsualRequests) ?? Math.Min(spec.Requests, 8),
                    Probe = parse.GetValue(flags.Probe) || (model.Name == "tiny" && concurrency == 1),
                };
                if (options.Probe && url is null && phases.Contains(PhaseKind.Wick))
                {
                    probes.Add(await PhaseRunner.ColdCompleteAsync(options.WickDll ?? Serving.RepositoryLayout.FindWickCli(), model.Name, model.Path, cancellationToken).ConfigureAwait(false));
                }

                var repeats = Math.Max(1, parse.GetValue(flags.Repeat));
                for (var repeat = 0; repeat < repeats; repeat++)
                {
                    foreach (var phase in phases)
                    {
                        var (result, probe) = await PhaseRunner.RunAsync(phase, options with { Probe = options.Probe && repeat == 0 }, cancellationToken).ConfigureAwait(false);
                        results.Add(result with { Repeat = repeat });
                        if (probe is not null)
                        {
                            probes.Add(probe);
                        }
                    }
                }
            }
        }

        var selected = Medians(results);
        var report = new BenchReport(started, watch.Elapsed.TotalSeconds, "wick-bench " + string.Join(' ', args), machine, selected, Comparison.From(results), probes)
        {
            AllRuns = selected.Count == results.Count ? null : results,
        };
        await File.WriteAllTextAsync(Path.Combine(output, "results.json"), report.ToJson(), cancellationToken).ConfigureAwait(false);
        var charts = ChartWriter.Write(selected, output);
        var markdown = MarkdownReport.Write(report, charts);
        await File.WriteAllTextAsync(Path.Combine(output, "results.md"), markdown, cancellationToken).ConfigureAwait(false);
        Console.WriteLine();
        Console.WriteLine(markdown);
        Console.WriteLine($"wrote {Path.Combine(output, "results.json")}, results.md and {charts.Count} chart(s) in {watch.Elapsed.TotalSeconds:0} s");
        return results.Any(r => r.Summary.Failed > 0) ? 1 : 0;
    }

    /// <summary>Per model, load and phase, the run with the median output-token throughput (the lower middle of an even count).</summary>
    internal static List<PhaseResult> Medians(IReadOnlyList<PhaseResult> results) =>
        [.. results
            .GroupBy(r => (r.Model, r.Concurrency, r.Phase))
            .Select(g =>
            {
                var ordered = g.OrderBy(r => double.IsNaN(r.Summary.OutputTokenThroughput) ? double.NegativeInfinity : r.Summary.OutputTokenThroughput).ToList();
                return ordered[(ordered.Count - 1) / 2];
            })];

    private static Uri BaseUrl(string value) =>
        Uri.TryCreate(value.EndsWith('/') ? value : value + "/", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new ArgumentException($"--url must be an http(s) base URL such as http://127.0.0.1:8080/, not '{value}'.");

    private static WorkloadSpec Workload(BenchFlags flags, ParseResult parse, int concurrency)
    {
        var requests = parse.GetValue(flags.Requests)
            ?? Math.Max(parse.GetValue(flags.Rounds) * concurrency, parse.GetValue(flags.MinRequests));
        return new WorkloadSpec(requests, concurrency, parse.GetValue(flags.InputLength), parse.GetValue(flags.OutputLength), parse.GetValue(flags.Rate), parse.GetValue(flags.Seed));
    }
}

using Wick.Bench.Baselines;
using Wick.Bench.Measurement;
using Wick.Bench.Reporting;
using Wick.Bench.Serving;
using Wick.Bench.Targets;
using Wick.Bench.Workload;

namespace Wick.Bench.Phases;

/// <summary>
/// Runs one phase: loads what it needs, warms it up with one short request (page-in, JIT), measures the workload,
/// and unloads it again, so that phases never overlap and each starts from the same state.
/// </summary>
internal static class PhaseRunner
{
    private const int WarmupOutputTokens = 4;
    private const int MaxWarmupRounds = 200;
    private const int WarmupRequests = 40;
    private static readonly TimeSpan WarmupTime = TimeSpan.FromSeconds(3);

    public static async Task<(PhaseResult Result, ProbeResult? Probe)> RunAsync(PhaseKind kind, PhaseOptions options, CancellationToken cancellationToken)
    {
        var spec = options.Workload;
        if (kind == PhaseKind.Usual && options.UsualRequests is { } usual && usual < spec.Requests)
        {
            spec = spec with { Requests = usual };
        }

        var prompts = PromptSet.Create(spec.Requests, spec.InputLength, spec.Seed);
        var label = $"{options.Model.Name} c={options.Workload.Concurrency} {Name(kind)}";
        Console.WriteLine($"== {label}: {spec.Describe()}");
        var sequences = kind == PhaseKind.Usual ? 1 : options.Sequences;
        var contextSize = kind == PhaseKind.Usual ? ContextSettings.ContextFor(1, spec.InputLength, spec.OutputLength) : options.ContextSize;
        var settings = new ContextSettings(options.Model.Path, contextSize, sequences, options.Threads);
        return kind switch
        {
            PhaseKind.Wick => await RunWickAsync(options, spec, prompts, settings, label, cancellationToken).ConfigureAwait(false),
            PhaseKind.Engine => (await RunEngineAsync(options, spec, prompts, settings, label, cancellationToken).ConfigureAwait(false), null),
            PhaseKind.Raw => (await RunRawAsync(options, spec, prompts, settings, label, cancellationToken).ConfigureAwait(false), null),
            PhaseKind.Usual => (await RunUsualAsync(options, spec, prompts, settings, label, cancellationToken).ConfigureAwait(false), null),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    public static string Name(PhaseKind kind) => kind switch
    {
        PhaseKind.Wick => "wick (HTTP)",
        PhaseKind.Engine => "wick engine (in-process)",
        PhaseKind.Raw => "raw llama.cpp batch",
        PhaseKind.Usual => "LLamaSharp StatelessExecutor",
        _ => kind.ToString(),
    };

    /// <summary>A whole <c>wick complete</c> process, from start to exit, as a user at a shell would time it.</summary>
    public static async Task<ProbeResult> ColdCompleteAsync(string wickDll, string model, string modelPath, CancellationToken cancellationToken)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { wickDll, "complete", "2+2=", "--max-tokens", "4", "--model", modelPath })
        {
            start.ArgumentList.Add(argument);
        }

        var clock = new RunClock();
        using var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        var seconds = clock.Now;
        var text = await output.ConfigureAwait(false);
        _ = await errors.ConfigureAwait(false);
        Console.WriteLine($"  probe wick complete 2+2= → {text.Trim()} in {seconds * 1000:0} ms (whole process)");
        return new ProbeResult(model, "`wick complete` process, cold", "2+2=", "4", process.ExitCode == 0 ? text : $"exit {process.ExitCode}", seconds);
    }

    private static async Task<(PhaseResult, ProbeResult?)> RunWickAsync(
        PhaseOptions options, WorkloadSpec spec, IReadOnlyList<string> prompts, ContextSettings settings, string label, CancellationToken cancellationToken)
    {
        ServerProcess? server = null;
        try
        {
            var url = options.Url;
            if (url is null)
            {
                var log = Path.Combine(options.OutputDirectory, "logs", $"wick-{options.Model.Name}-c{spec.Concurrency}.log");
                server = await ServerProcess.StartAsync(
                    new ServerLaunch(options.WickDll ?? RepositoryLayout.FindWickCli(), settings.ModelPath, settings.Sequences, settings.ContextSize, settings.Threads, log)
                    {
                        ExtraArguments = ["--step-timeout", options.StepTimeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)],
                    },
                    cancellationToken).ConfigureAwait(false);
                Console.WriteLine($"  wick serve (pid {server.ProcessId}) ready at {server.BaseUrl} after {server.StartupSeconds:0.00} s; log: {log}");
                url = server.BaseUrl;
            }

            var target = await HttpTarget.CreateAsync(url, options.Logprobs, cancellationToken).ConfigureAwait(false);
            await using (target.ConfigureAwait(false))
            {
                await WarmUpAsync(target, spec, cancellationToken).ConfigureAwait(false);
                var serverCpu = server?.CpuTime;
                var benchCpu = BenchCpu();
                var records = await MeasureAsync(target, spec, prompts, label, cancellationToken).ConfigureAwait(false);
                var cpu = (Bench: (BenchCpu() - benchCpu).TotalSeconds, Server: server is null ? (double?)null : (server.CpuTime - serverCpu!.Value).TotalSeconds);
                ProbeResult? probe = null;
                if (options.Probe)
                {
                    // Warm: the server has just served the workload. The probe is a client's single request, timed whole.
                    var (text, seconds) = await target.CompleteAsync("2+2=", 4, cancellationToken).ConfigureAwait(false);
                    probe = new ProbeResult(options.Model.Name, "HTTP request, warm server", "2+2=", "4", text, seconds);
                    Console.WriteLine($"  probe 2+2= → {text.Trim()} in {seconds * 1000:0.0} ms");
                }

                return (Result(options, PhaseKind.Wick, spec, settings, records) with
                {
                    ServerStartupSeconds = server?.StartupSeconds,
                    BenchCpuSeconds = cpu.Bench,
                    ServerCpuSeconds = cpu.Server,
                }, probe);
            }
        }
        finally
        {
            if (server is not null)
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task<PhaseResult> RunEngineAsync(
        PhaseOptions options, WorkloadSpec spec, IReadOnlyList<string> prompts, ContextSettings settings, string label, CancellationToken cancellationToken)
    {
        var target = await EngineTarget.LoadAsync(settings, options.StepTimeout, cancellationToken).ConfigureAwait(false);
        await using (target.ConfigureAwait(false))
        {
            await WarmUpAsync(target, spec, cancellationToken).ConfigureAwait(false);
            target.Stats.Reset();
            var cpu = BenchCpu();
            var records = await MeasureAsync(target, spec, prompts, label, cancellationToken).ConfigureAwait(false);
            var result = Result(options, PhaseKind.Engine, spec, settings, records) with { BenchCpuSeconds = (BenchCpu() - cpu).TotalSeconds };
            var stats = target.Stats;
            var breakdown = new EngineBreakdown(stats.Steps, stats.PrefillTokens, stats.DecodeTokens, stats.DecodeSeconds, result.Summary.DurationSeconds);
            Console.WriteLine($"  engine: {breakdown.Steps} steps, decode {breakdown.DecodeMsPerStep:0.00} ms/step, rest of the loop {breakdown.OtherMsPerStep:0.000} ms/step ({breakdown.DecodeShare:P1} of wall time in decode)");
            return result with { Engine = breakdown };
        }
    }

    private static async Task<PhaseResult> RunRawAsync(
        PhaseOptions options, WorkloadSpec spec, IReadOnlyList<string> prompts, ContextSettings settings, string label, CancellationToken cancellationToken)
    {
        if (spec.Rate is not null)
        {
            throw new ArgumentException("The raw engine runs closed-loop waves only: give --concurrency, not --rate.");
        }

        using var runner = await Task.Run(() => RawEngineRunner.Load(settings), cancellationToken).ConfigureAwait(false);
        await runner.RunAsync(prompts.Take(1).ToList(), 1, WarmupOutputTokens, null, cancellationToken).ConfigureAwait(false);
        var cpu = BenchCpu();
        List<RequestRecord> records;
        using (var progress = new ProgressReporter(label, spec.Requests))
        {
            records = await runner.RunAsync(prompts, spec.Concurrency, spec.OutputLength, progress.OnDone, cancellationToken).ConfigureAwait(false);
        }

        return Result(options, PhaseKind.Raw, spec, settings, records) with { BenchCpuSeconds = (BenchCpu() - cpu).TotalSeconds };
    }

    private static async Task<PhaseResult> RunUsualAsync(
        PhaseOptions options, WorkloadSpec spec, IReadOnlyList<string> prompts, ContextSettings settings, string label, CancellationToken cancellationToken)
    {
        var target = await UsualTarget.LoadAsync(settings, cancellationToken).ConfigureAwait(false);
        await using (target.ConfigureAwait(false))
        {
            await WarmUpAsync(target, spec, cancellationToken).ConfigureAwait(false);
            var cpu = BenchCpu();
            var records = await MeasureAsync(target, spec, prompts, label, cancellationToken).ConfigureAwait(false);
            return Result(options, PhaseKind.Usual, spec, settings, records) with { BenchCpuSeconds = (BenchCpu() - cpu).TotalSeconds };
        }
    }

    private static TimeSpan BenchCpu()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    /// <summary>Rounds of up to four concurrent short requests (other prompts than the measured ones), at least two, for
    /// at least <see cref="WarmupTime"/> and <see cref="WarmupRequests"/> requests: pages the weights in and lets the JIT
    /// compile the batched path, and its tiered recompilation of the per-request methods (30 calls each) finish,
    /// before anything is timed. A server runs for hours; its first
    /// seconds are not what a benchmark of its steady state should charge it for.</summary>
    private static async Task WarmUpAsync(IGenerationTarget target, WorkloadSpec spec, CancellationToken cancellationToken)
    {
        var width = Math.Min(spec.Concurrency, 4);
        var prompts = PromptSet.Create(width, spec.InputLength, spec.Seed + 1);
        var clock = new RunClock();
        var warming = System.Diagnostics.Stopwatch.StartNew();
        for (var round = 0; round < 2 || ((warming.Elapsed < WarmupTime || round * width < WarmupRequests) && round < MaxWarmupRounds); round++)
        {
            await Task.WhenAll(prompts.Select(prompt =>
                target.RunAsync(prompt, Math.Min(WarmupOutputTokens, spec.OutputLength), new RequestRecord(-1), clock, cancellationToken))).ConfigureAwait(false);
        }
    }

    private static async Task<List<RequestRecord>> MeasureAsync(
        IGenerationTarget target, WorkloadSpec spec, IReadOnlyList<string> prompts, string label, CancellationToken cancellationToken)
    {
        using var progress = new ProgressReporter(label, spec.Requests);
        return await LoadDriver.RunAsync(target, spec, prompts, progress.OnDone, cancellationToken).ConfigureAwait(false);
    }

    private static PhaseResult Result(PhaseOptions options, PhaseKind kind, WorkloadSpec spec, ContextSettings settings, IReadOnlyList<RequestRecord> records)
    {
        var summary = RunSummary.From(records);
        Console.WriteLine(
            $"  {summary.OutputTokenThroughput:0.0} output tok/s, {summary.RequestThroughput:0.00} req/s, TTFT p50 {summary.Ttft.P50:0.0} ms, "
            + $"TPOT mean {summary.Tpot.Mean:0.00} ms, ITL p50 {summary.Itl.P50:0.00} ms, E2E p50 {summary.EndToEnd.P50:0} ms"
            + (summary.Failed > 0 ? $", {summary.Failed} FAILED: {summary.FirstError}" : string.Empty));
        return new PhaseResult(options.Model.Name, kind, spec, settings.ContextSize, settings.Threads, summary);
    }
}

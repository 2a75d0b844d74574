using System.CommandLine;
using System.Globalization;
using Wick.Bench.Phases;

namespace Wick.Bench.Commands;

/// <summary>The flags every verb shares; a verb differs only in its default models, loads and phases.</summary>
internal sealed class BenchFlags(string defaultModels, string defaultConcurrency, string defaultPhases)
{
    public Option<string> Models { get; } = new("--model", "-m")
    {
        Description = "Model(s), comma-separated: tiny (shipped tiny-arith), 0.5b, 1.1b (synthetic Q8_0, written on first use), synth-tiny, or GGUF paths",
        DefaultValueFactory = _ => defaultModels,
    };

    public Option<string?> Url { get; } = new("--url") { Description = "Benchmark a running server at this base URL (e.g. http://127.0.0.1:8080/) instead of starting one" };

    public Option<bool> Serve { get; } = new("--serve") { Description = "Start `wick serve` as a child process on a free port (the default when no --url is given)" };

    public Option<string> Concurrency { get; } = new("--concurrency", "-c")
    {
        Description = "Concurrent clients (closed loop), comma-separated for several runs; with --rate, the cap on requests in flight",
        DefaultValueFactory = _ => defaultConcurrency,
    };

    public Option<double?> Rate { get; } = new("--rate") { Description = "Open loop: Poisson arrivals at this many requests per second (fixed seed)" };

    public Option<int?> Requests { get; } = new("--requests", "-n") { Description = "Requests per run (default: --rounds × concurrency, at least --min-requests)" };

    public Option<int> Rounds { get; } = new("--rounds") { Description = "Requests per client when --requests is not given", DefaultValueFactory = _ => 3 };

    public Option<int> MinRequests { get; } = new("--min-requests") { Description = "Fewest requests per run when --requests is not given", DefaultValueFactory = _ => 4 };

    public Option<int> InputLength { get; } = new("--input-len") { Description = "Prompt length in tokens (characters of [0-9a-z]; the byte-level vocabulary makes each one token, plus BOS)", DefaultValueFactory = _ => 64 };

    public Option<int> OutputLength { get; } = new("--output-len") { Description = "Output tokens per request (end of generation is ignored)", DefaultValueFactory = _ => 64 };

    public Option<int> Seed { get; } = new("--seed") { Description = "Seed of the prompts and arrival times", DefaultValueFactory = _ => 42 };

    public Option<int> Threads { get; } = new("--threads", "-t") { Description = "CPU threads for every phase (Wick's default: all cores)", DefaultValueFactory = _ => Environment.ProcessorCount };

    public Option<int?> Parallel { get; } = new("--parallel") { Description = "Sequence slots of the server and engines (default: the concurrency)" };

    public Option<int?> ContextSize { get; } = new("--ctx-size") { Description = "KV cells shared by all sequences (default: room for every client's prompt and output, plus 256)" };

    public Option<double> StepTimeout { get; } = new("--step-timeout")
    {
        Description = "Seconds one device step may run before Wick's watchdog aborts it, for the server and the engine phase (Wick's own default is 30; a 512-token prefill step of a 1B model on a busy 2-core machine can take longer, and a benchmark measures speed, not the watchdog)",
        DefaultValueFactory = _ => 600,
    };

    public Option<int?> UsualRequests { get; } = new("--usual-requests") { Description = "Requests for the one-at-a-time LLamaSharp baseline (default: the requests, at most 8; it serialises them, so more do not change its throughput)" };

    public Option<bool> NoLogprobs { get; } = new("--no-logprobs") { Description = "Do not ask for logprobs: 0 (then tokens without text send no event, and TTFT/ITL see text events only)" };

    public Option<string> Phases { get; } = new("--phases")
    {
        Description = "Phases, comma-separated: wick (HTTP), engine (Wick's engine in process), raw (llama.cpp batch), usual (LLamaSharp StatelessExecutor)",
        DefaultValueFactory = _ => defaultPhases,
    };

    public Option<string?> Output { get; } = new("--out", "-o") { Description = "Folder for results.json, results.md and the charts (default: artifacts/bench/<time>)" };

    public Option<string?> WickDll { get; } = new("--wick") { Description = "The wick.dll to start (default: src/Wick.Cli/bin/Release/net10.0/wick.dll)" };

    public Option<int> Repeat { get; } = new("--repeat", "-r")
    {
        Description = "Run the phase sequence this many times per model and load (interleaved, so slow drifts of a shared machine hit every phase alike); tables show each phase's median run by throughput",
        DefaultValueFactory = _ => 1,
    };

    public Option<bool> Probe { get; } = new("--probe") { Description = "Also time one `2+2=` request end to end over HTTP (on by default for the tiny model)" };

    public IEnumerable<Option> All =>
    [
        Models, Url, Serve, Concurrency, Rate, Requests, Rounds, MinRequests, InputLength, OutputLength, Seed, Threads, Parallel, ContextSize, StepTimeout,
        UsualRequests, NoLogprobs, Phases, Repeat, Output, WickDll, Probe,
    ];

    public static IReadOnlyList<int> Ints(string value) =>
        [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => int.Parse(v, CultureInfo.InvariantCulture))];

    public static IReadOnlyList<string> Names(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static IReadOnlyList<PhaseKind> ParsePhases(string value) =>
        [.. Names(value).Select(name => Enum.TryParse<PhaseKind>(name, ignoreCase: true, out var kind)
            ? kind
            : throw new ArgumentException($"Unknown phase '{name}': use wick, engine, raw or usual."))];
}

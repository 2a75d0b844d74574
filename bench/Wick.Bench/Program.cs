using System.CommandLine;
using Wick.Bench.Commands;

// wick-bench: the serving benchmark. Every verb runs the same phases machinery with different defaults.
var root = new RootCommand("wick-bench: Wick's serving benchmark (TTFT, TPOT, ITL, throughput) against the raw engine and LLamaSharp's executors")
{
    Verb("run", "Benchmark Wick over HTTP: a running server (--url) or one started here (--serve --model X)", "tiny", "1", "wick"),
    Verb("compare", "Wick, its engine in process, the raw llama.cpp batch and LLamaSharp's StatelessExecutor, per model and load, with ratios", "tiny,0.5b", "1,8,32", "wick,engine,raw,usual"),
    Verb("raw", "Only the raw engine baseline: batched decode through LLamaSharp's low-level API", "tiny", "1", "raw"),
    Verb("usual", "Only the usual .NET baseline: LLamaSharp StatelessExecutor, one request at a time", "tiny", "1", "usual"),
    Verb("engine", "Only Wick's engine in process (no HTTP)", "tiny", "1", "engine"),
};
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);

Command Verb(string name, string description, string models, string concurrency, string phases)
{
    var flags = new BenchFlags(models, concurrency, phases);
    var command = new Command(name, description);
    foreach (var option in flags.All)
    {
        command.Options.Add(option);
    }

    command.SetAction(async (parse, cancellationToken) =>
    {
        try
        {
            return await BenchRun.ExecuteAsync(flags, parse, args, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync($"wick-bench: {ex.Message}").ConfigureAwait(false);
            return 2;
        }
    });
    return command;
}

using System.CommandLine;
using System.CommandLine.Invocation;
using Wick.Cli.Commands;

namespace Wick.Cli;

/// <summary>The <c>wick</c> command tree and how a command line becomes an exit code (Program.cs only calls this).</summary>
internal static class WickCommandLine
{
    public static RootCommand Create() => new("Wick: an OpenAI-compatible LLM inference server on llama.cpp")
    {
        ServeCommand.Create(),
        CompleteCommand.Create(),
        CertifyCommand.Create(),
        Hub.Cli.ModelsCommand.Create(),
    };

    /// <summary>
    /// Parses and runs <paramref name="args"/>. A command line that does not parse (unknown flag, bad value) prints its
    /// errors and exits with <see cref="ExitCodes.BadConfiguration"/>, the code invalid configuration gets, rather than
    /// System.CommandLine's generic 1, which <c>wick certify</c> uses for a failed certification.
    /// </summary>
    public static async Task<int> InvokeAsync(string[] args, InvocationConfiguration? configuration = null, CancellationToken cancellationToken = default)
    {
        var parse = Create().Parse(args);
        if (parse.Action is ParseErrorAction)
        {
            var error = configuration?.Error ?? Console.Error;
            foreach (var problem in parse.Errors)
            {
                await error.WriteLineAsync(problem.Message).ConfigureAwait(false);
            }

            await error.WriteLineAsync($"Run '{string.Join(' ', ["wick", .. CommandPath(parse)])} --help' for usage.").ConfigureAwait(false);
            return ExitCodes.BadConfiguration;
        }

        return await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }

    private static IEnumerable<string> CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result.Parent is System.CommandLine.Parsing.CommandResult parent; result = parent)
        {
            names.Add(result.Command.Name);
        }

        names.Reverse();
        return names;
    }
}

using System.CommandLine;

namespace Wick.Cli.Commands;

/// <summary><c>wick complete "2+2="</c>: one greedy completion through the engine, printed to standard output.</summary>
internal static class CompleteCommand
{
    public static Command Create()
    {
        var flags = new ServerFlags();
        var prompt = new Argument<string>("prompt") { Description = "Text to complete (sent as is, with BOS)" };
        var maxTokens = new Option<int>("--max-tokens", "-n") { Description = "Tokens to generate at most", DefaultValueFactory = _ => 32 };
        var command = new Command("complete", "Complete one prompt with greedy decoding and print the text") { prompt, maxTokens, flags.Model, flags.Threads, flags.Settings };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = CliOptions.Load(flags, parse);
            if (options is null)
            {
                return ExitCodes.BadConfiguration;
            }

            await using var model = await CliOptions.LoadModelAsync(options, parse, cancellationToken).ConfigureAwait(false);
            if (model is null)
            {
                return ExitCodes.Failed;
            }

            var text = await model.CompleteAsync(parse.GetRequiredValue(prompt), parse.GetValue(maxTokens), cancellationToken).ConfigureAwait(false);
            await parse.InvocationConfiguration.Output.WriteLineAsync(text).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}

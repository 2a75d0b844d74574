using System.CommandLine;
using Wick.Server.Hosting;

namespace Wick.Cli.Commands;

/// <summary><c>wick serve</c>: load a model and serve the OpenAI API until SIGTERM / Ctrl+C.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var flags = new ServerFlags();
        var command = new Command("serve", "Serve a GGUF model over the OpenAI HTTP API (default: the embedded tiny model on 127.0.0.1:8080)");
        foreach (var option in flags.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = CliOptions.Load(flags, parse);
            if (options is null)
            {
                return ExitCodes.BadConfiguration;
            }

            try
            {
                return await WickHost.ServeAsync(options, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (CliOptions.IsUserError(ex))
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"wick serve: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.Failed;
            }
        });
        return command;
    }
}

using System.CommandLine;
using Wick.Core.Errors;
using Wick.Core.Gguf;
using Wick.Server.Configuration;
using Wick.Server.Hosting;

namespace Wick.Cli.Commands;

/// <summary>Loads <see cref="WickOptions"/> and models for a verb, printing problems instead of a stack trace.</summary>
internal static class CliOptions
{
    public static WickOptions? Load(ServerFlags flags, ParseResult parse)
    {
        try
        {
            return WickOptionsLoader.Load(flags.ToOverrides(parse), parse.GetValue(flags.Settings));
        }
        catch (OptionsValidationException ex)
        {
            parse.InvocationConfiguration.Error.WriteLine(ex.Message);
            return null;
        }
    }

    /// <summary>Loads the configured model; a file that cannot be read as a model is a message and null, not a crash.</summary>
    public static async Task<LoadedModel?> LoadModelAsync(WickOptions options, ParseResult parse, CancellationToken cancellationToken)
    {
        try
        {
            return await WickHost.LoadAsync(options, loggerFactory: null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsUserError(ex))
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync($"cannot load the model '{options.Model}': {ex.Message}").ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>Failures the user can fix (a wrong file, a busy port), as opposed to bugs, which keep their stack trace.</summary>
    public static bool IsUserError(Exception exception) => exception is GgufFormatException or WickException or IOException;
}

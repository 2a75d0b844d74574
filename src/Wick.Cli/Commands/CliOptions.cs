using System.CommandLine;
using Wick.Server.Configuration;

namespace Wick.Cli.Commands;

/// <summary>Loads <see cref="WickOptions"/> for a verb and prints configuration errors instead of a stack trace.</summary>
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
}

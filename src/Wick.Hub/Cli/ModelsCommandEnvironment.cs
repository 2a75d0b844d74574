namespace Wick.Hub.Cli;

/// <summary>What <c>wick models</c> reads from its surroundings, so tests can supply their own: environment variables,
/// the clock, whether output is a terminal (null: ask the console), and last adjustments to the hub options.</summary>
internal sealed record ModelsCommandEnvironment(
    Func<string, string?> GetVariable,
    TimeProvider Time,
    bool? IsTerminal,
    Func<HubOptions, HubOptions>? Configure = null)
{
    public static ModelsCommandEnvironment Process { get; } = new(Environment.GetEnvironmentVariable, TimeProvider.System, IsTerminal: null);
}

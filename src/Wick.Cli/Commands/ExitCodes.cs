namespace Wick.Cli.Commands;

/// <summary>Exit codes of the <c>wick</c> verbs.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Failed = 1;
    public const int BadConfiguration = 2;
}

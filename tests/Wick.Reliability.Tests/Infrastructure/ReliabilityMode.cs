namespace Wick.Reliability.Tests.Infrastructure;

/// <summary>Default (CI) mode keeps every test short; <c>WICK_RELIABILITY_LONG=1</c> runs the long versions.</summary>
internal static class ReliabilityMode
{
    public static bool IsLong { get; } = Environment.GetEnvironmentVariable("WICK_RELIABILITY_LONG") == "1";

    public static string Name => IsLong ? "long" : "default";

    /// <summary>The figure for the current mode.</summary>
    public static T Pick<T>(T defaultMode, T longMode) => IsLong ? longMode : defaultMode;
}

namespace Wick.Hub.Tests.Support;

internal sealed record CliRun(int ExitCode, string Output, string Error);

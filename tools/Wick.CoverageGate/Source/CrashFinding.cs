namespace Wick.CoverageGate.Source;

/// <summary>One crash-audit hit.</summary>
/// <param name="Path">Repo-relative file.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Kind">What was found.</param>
/// <param name="What">The construct, e.g. <c>.Result</c> or <c>request!</c>.</param>
/// <param name="Text">The source line, trimmed.</param>
internal sealed record CrashFinding(string Path, int Line, CrashKind Kind, string What, string Text);

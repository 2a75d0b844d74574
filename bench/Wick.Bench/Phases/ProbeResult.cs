namespace Wick.Bench.Phases;

/// <summary>
/// One prompt end to end at temperature 0, e.g. <c>2+2=</c> on the tiny model: <paramref name="How"/> says whether it
/// was one non-streaming HTTP request to the warm server or a whole cold <c>wick complete</c> process.
/// </summary>
internal sealed record ProbeResult(string Model, string How, string Prompt, string Expected, string Text, double Seconds)
{
    public bool Correct => Text.Trim().StartsWith(Expected, StringComparison.Ordinal);
}

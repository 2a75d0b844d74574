namespace Wick.Bench.Phases;

/// <summary>A single request end to end over HTTP (non-streaming, temperature 0), e.g. <c>2+2=</c> on the tiny model.</summary>
internal sealed record ProbeResult(string Model, string Prompt, string Expected, string Text, double Seconds)
{
    public bool Correct => Text.Trim().StartsWith(Expected, StringComparison.Ordinal);
}

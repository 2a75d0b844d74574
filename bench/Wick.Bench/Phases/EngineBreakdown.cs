namespace Wick.Bench.Phases;

/// <summary>
/// Where the in-process engine's wall time went: <see cref="DecodeSeconds"/> inside llama.cpp's decode (the step
/// observer's durations) and the rest of the engine loop per step (planning, batch building, sampling, text,
/// channel writes, and any wait for work).
/// </summary>
internal sealed record EngineBreakdown(long Steps, long PrefillTokens, long DecodeTokens, double DecodeSeconds, double WallSeconds)
{
    public double DecodeShare => WallSeconds > 0 ? DecodeSeconds / WallSeconds : double.NaN;

    public double DecodeMsPerStep => Steps > 0 ? DecodeSeconds * 1000 / Steps : double.NaN;

    public double OtherMsPerStep => Steps > 0 ? (WallSeconds - DecodeSeconds) * 1000 / Steps : double.NaN;
}

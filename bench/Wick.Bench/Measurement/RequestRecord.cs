namespace Wick.Bench.Measurement;

/// <summary>
/// What a client saw of one request. Times are seconds since the run started; <see cref="TokenTimes"/> holds the
/// arrival time of every output token (events that carry several tokens add one entry per token, same time).
/// </summary>
internal sealed class RequestRecord(int index)
{
    private readonly List<double> tokenTimes = [];

    public int Index { get; } = index;

    /// <summary>When the client sent the request.</summary>
    public double Start { get; set; }

    /// <summary>When the last byte of the response arrived.</summary>
    public double End { get; set; }

    public int PromptTokens { get; set; }

    /// <summary>Output tokens: the server's own count when it reports one, else the tokens seen.</summary>
    public int OutputTokens { get; set; }

    public string? Error { get; set; }

    public IReadOnlyList<double> TokenTimes => tokenTimes;

    public bool Succeeded => Error is null && OutputTokens > 0 && tokenTimes.Count > 0;

    /// <summary>Time to the first output token.</summary>
    public double Ttft => tokenTimes[0] - Start;

    public double EndToEnd => End - Start;

    /// <summary>Time per output token after the first: (e2e − ttft) / (tokens − 1); NaN for a one-token answer.</summary>
    public double Tpot => OutputTokens > 1 ? (EndToEnd - Ttft) / (OutputTokens - 1) : double.NaN;

    public void AddTokens(double time, int count)
    {
        for (var i = 0; i < count; i++)
        {
            tokenTimes.Add(time);
        }
    }
}

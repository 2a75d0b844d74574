using Wick.Core.Sampling;

namespace Wick.Core.Execution;

/// <summary>
/// One event of a request's stream. Token events carry the sampled token, the text it released (possibly empty while
/// a UTF-8 character or a possible stop string is incomplete) and its log-probability. The last event of every stream
/// is the final one: <see cref="Finish"/> is set, <see cref="TokenId"/> is -1 and <see cref="Text"/> holds any text
/// released at the end. The texts of all events concatenate to the whole output.
/// </summary>
public sealed record TokenEvent(int TokenId, string Text, float LogProbability, IReadOnlyList<TokenLogProbability>? TopLogProbabilities)
{
    /// <summary>Set on the final event only.</summary>
    public GenerationFinish? Finish { get; init; }

    public bool IsFinal => Finish is not null;

    internal static TokenEvent Final(string text, GenerationFinish finish) => new(-1, text, 0f, null) { Finish = finish };
}

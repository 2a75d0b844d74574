using System.Text;
using Wick.Core.Execution;
using Wick.Core.Sampling;
using Wick.Core.Text;
using Wick.Server.OpenAI;

namespace Wick.Server.Serving;

/// <summary>Token ids as clients see them in logprobs: their text (a lone byte of a multi-byte character decodes to U+FFFD) and raw bytes.</summary>
internal static class TokenText
{
    public static string Of(ITokenVocabulary vocabulary, int token) => Encoding.UTF8.GetString(vocabulary.GetBytes(token));

    public static int[] BytesOf(ITokenVocabulary vocabulary, int token)
    {
        var bytes = vocabulary.GetBytes(token);
        var result = new int[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            result[i] = bytes[i];
        }

        return result;
    }

    public static ChatTokenLogprob ChatLogprob(ITokenVocabulary vocabulary, TokenEvent item) => new(
        Of(vocabulary, item.TokenId),
        item.LogProbability,
        BytesOf(vocabulary, item.TokenId),
        (item.TopLogProbabilities ?? []).Select(t => new ChatTopLogprob(Of(vocabulary, t.TokenId), t.LogProbability, BytesOf(vocabulary, t.TokenId))).ToList());

    public static Dictionary<string, double> TopLogprobs(ITokenVocabulary vocabulary, IReadOnlyList<TokenLogProbability>? top)
    {
        var result = new Dictionary<string, double>();
        foreach (var candidate in top ?? [])
        {
            // Two tokens can share a text (U+FFFD for partial bytes): keep the likelier, as OpenAI's map can hold one.
            result.TryAdd(Of(vocabulary, candidate.TokenId), candidate.LogProbability);
        }

        return result;
    }
}

using System.Text;
using Wick.Core.Text;

namespace Wick.TestSupport;

/// <summary>
/// A stand-in output processor: UTF-8 decodes token bytes incrementally and, optionally, stops at the first occurrence
/// of one stop string; text that could be the start of the stop string is held back until decided.
/// </summary>
public sealed class PlainOutputProcessor : IOutputProcessor
{
    private readonly ITokenVocabulary vocabulary;
    private readonly string? stop;
    private readonly Decoder decoder = Encoding.UTF8.GetDecoder();
    private readonly StringBuilder text = new();
    private int released;

    public PlainOutputProcessor(ITokenVocabulary vocabulary, string? stop = null)
    {
        this.vocabulary = vocabulary;
        this.stop = stop;
    }

    public OutputStep Append(int tokenId)
    {
        var bytes = vocabulary.GetBytes(tokenId);
        var chars = new char[Encoding.UTF8.GetMaxCharCount(bytes.Length)];
        var count = decoder.GetChars(bytes, chars, flush: false);
        text.Append(chars, 0, count);
        if (stop is not null)
        {
            var at = text.ToString().IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0)
            {
                var piece = text.ToString(released, at - released);
                released = at;
                return new OutputStep(piece, true);
            }
        }

        var safe = Math.Max(released, text.Length - (stop is null ? 0 : stop.Length - 1));
        var fresh = text.ToString(released, safe - released);
        released = safe;
        return new OutputStep(fresh, false);
    }

    public string Flush()
    {
        var chars = new char[8];
        var count = decoder.GetChars([], chars, flush: true);
        text.Append(chars, 0, count);
        var rest = text.ToString(released, text.Length - released);
        released = text.Length;
        return rest;
    }
}

using System.Text;

namespace Wick.Core.Text;

/// <summary>
/// Decodes UTF-8 that arrives in arbitrary pieces (a token may hold part of a character). Bytes that might still
/// complete a character are kept until they do, or until they cannot; invalid bytes become U+FFFD exactly as decoding the
/// whole byte string at once would make them, so the pieces always concatenate to <c>Encoding.UTF8.GetString(all)</c>.
/// </summary>
internal sealed class IncrementalUtf8Decoder
{
    // .NET's UTF-8 decoder keeps the partial-character state across calls and replaces per maximal invalid subpart
    // (Unicode's recommended practice), the same split or not; the property tests hold it to that.
    private readonly Decoder _decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false).GetDecoder();
    private char[] _chars = new char[64];

    /// <summary>Feeds bytes; returns the characters they complete (empty while a character is still partial).</summary>
    public string Append(ReadOnlySpan<byte> bytes) => Decode(bytes, flush: false);

    /// <summary>Ends the stream: bytes left of an unfinished character become U+FFFD.</summary>
    public string Flush() => Decode([], flush: true);

    private string Decode(ReadOnlySpan<byte> bytes, bool flush)
    {
        var needed = _decoder.GetCharCount(bytes, flush);
        if (needed > _chars.Length)
        {
            _chars = new char[Math.Max(needed, _chars.Length * 2)];
        }

        var written = _decoder.GetChars(bytes, _chars, flush);
        return written == 0 ? string.Empty : new string(_chars, 0, written);
    }
}

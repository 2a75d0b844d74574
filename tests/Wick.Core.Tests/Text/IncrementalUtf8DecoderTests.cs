using System.Text;
using CsCheck;
using Wick.Core.Text;

namespace Wick.Core.Tests.Text;

public sealed class IncrementalUtf8DecoderTests
{
    private static readonly Gen<string> Text = Gen.OneOf("a", "Z", " ", "é", "ß", "中", "€", "😀", "👍🏽", "\u0000", "\uFFFD").Array[0, 30].Select(string.Concat);

    /// <summary>Cuts <paramref name="bytes"/> at the given fractions of its length.</summary>
    internal static List<byte[]> Split(byte[] bytes, IEnumerable<double> cuts)
    {
        var points = cuts.Select(c => (int)(c * bytes.Length)).Append(0).Append(bytes.Length).Distinct().Order().ToArray();
        return [.. points.Zip(points.Skip(1), (from, to) => bytes[from..to])];
    }

    private static List<string> Stream(IEnumerable<byte[]> chunks)
    {
        var decoder = new IncrementalUtf8Decoder();
        var pieces = chunks.Select(chunk => decoder.Append(chunk)).ToList();
        pieces.Add(decoder.Flush());
        return pieces;
    }

    [Fact]
    public void Streamed_valid_text_concatenates_to_the_whole_decode_and_never_splits_a_character()
    {
        Gen.Select(Text, Gen.Double[0, 1].Array[0, 12]).Sample((text, cuts) =>
        {
            var pieces = Stream(Split(Encoding.UTF8.GetBytes(text), cuts));

            Assert.Equal(text, string.Concat(pieces));
            Assert.All(pieces, piece => Assert.True(piece.Length == 0 || !char.IsHighSurrogate(piece[^1]), "a piece ends in half a character"));
            Assert.All(pieces, piece => Assert.True(piece.Length == 0 || !char.IsLowSurrogate(piece[0]), "a piece starts in half a character"));
        });
    }

    [Fact]
    public void Streamed_arbitrary_bytes_replace_exactly_what_a_whole_decode_replaces()
    {
        // Bytes biased toward UTF-8 lead and continuation bytes, so truncated and overlong sequences are common.
        var interesting = Gen.OneOf<byte>(0x80, 0xBF, 0xC0, 0xC2, 0xE0, 0xED, 0xF0, 0xF4, 0xF5, 0xFF, 0xA0, 0x9F, 0x41);
        var bytes = Gen.Frequency((3, interesting), (1, (IGen<byte>)Gen.Byte)).Array[0, 40];

        Gen.Select(bytes, Gen.Double[0, 1].Array[0, 12]).Sample((all, cuts) =>
        {
            var pieces = Stream(Split(all, cuts));

            Assert.Equal(Encoding.UTF8.GetString(all), string.Concat(pieces));
        });
    }

    [Fact]
    public void A_partial_character_is_held_until_its_last_byte_arrives()
    {
        var decoder = new IncrementalUtf8Decoder();
        var euro = Encoding.UTF8.GetBytes("€");

        var first = decoder.Append(euro.AsSpan(0, 2));
        var second = decoder.Append(euro.AsSpan(2));

        Assert.Equal("", first);
        Assert.Equal("€", second);
    }

    [Fact]
    public void Flush_turns_an_unfinished_character_into_one_replacement_character()
    {
        var decoder = new IncrementalUtf8Decoder();

        var text = decoder.Append([0x41, 0xE2, 0x82]);
        var rest = decoder.Flush();

        Assert.Equal("A", text);
        Assert.Equal("\uFFFD", rest);
    }

    [Fact]
    public void Long_input_is_decoded_whole()
    {
        var text = string.Concat(Enumerable.Repeat("añ😀", 500));
        var decoder = new IncrementalUtf8Decoder();

        var decoded = decoder.Append(Encoding.UTF8.GetBytes(text)) + decoder.Flush();

        Assert.Equal(text, decoded);
    }
}

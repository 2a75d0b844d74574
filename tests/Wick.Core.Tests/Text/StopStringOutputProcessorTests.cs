using System.Text;
using CsCheck;
using Wick.Core.Text;

namespace Wick.Core.Tests.Text;

public sealed class StopStringOutputProcessorTests
{
    private static readonly string[] Alphabet = ["a", "b", "c", " ", "\n", "<", "|", ">", "é", "中", "😀", "👍🏽", "\uFFFD"];

    /// <summary>The non-streamed answer: the text before the first stop string to be completed (the longest on a tie).</summary>
    private static (string Text, bool Stopped) Reference(string full, IReadOnlyList<string> stops)
    {
        for (var end = 1; end <= full.Length; end++)
        {
            var starts = stops.Where(s => s.Length <= end && full.AsSpan(end - s.Length, s.Length).SequenceEqual(s)).Select(s => end - s.Length).ToList();
            if (starts.Count > 0)
            {
                return (full[..starts.Min()], true);
            }
        }

        return (full, false);
    }

    private static (string Text, bool Stopped, List<string> Pieces) Run(FakeVocabulary vocabulary, IEnumerable<int> tokens, IReadOnlyList<string>? stops)
    {
        var processor = new StopStringOutputProcessor(vocabulary, stops);
        var pieces = new List<string>();
        foreach (var token in tokens)
        {
            var step = processor.Append(token);
            pieces.Add(step.Text);
            if (step.Stopped)
            {
                return (string.Concat(pieces), true, pieces);
            }
        }

        pieces.Add(processor.Flush());
        return (string.Concat(pieces), processor.Stopped, pieces);
    }

    [Fact]
    public void Streamed_output_equals_the_non_streamed_result_for_any_text_tokenization_and_stop_set()
    {
        var pieces = Gen.OneOf(Alphabet).Array[0, 40];
        var strayBytes = Gen.OneOf<byte>(0x80, 0xC3, 0xE2, 0xF0, 0xFF).Array[0, 3];
        var gen = Gen.Select(pieces, Gen.Int[0, 4], Gen.Int.Uniform.Array[8], Gen.Bool, Gen.Double[0, 1].Array[0, 20], Gen.Bool, strayBytes, Gen.Int[0, 1_000])
            .Select((p, stopCount, picks, byteLevel, cuts, withEndOfGeneration, stray, strayAt) => (p, stopCount, picks, byteLevel, cuts, withEndOfGeneration, stray, strayAt));

        gen.Sample(c =>
        {
            var stops = MakeStops(c.p, c.stopCount, c.picks);
            var bytes = Encoding.UTF8.GetBytes(string.Concat(c.p)).ToList();
            bytes.InsertRange(c.strayAt % (bytes.Count + 1), c.stray);
            var all = bytes.ToArray();
            var full = Encoding.UTF8.GetString(all);
            var (vocabulary, tokens) = Tokenize(all, c.byteLevel, c.cuts, c.withEndOfGeneration);
            var expected = Reference(full, stops);

            var (text, stopped, _) = Run(vocabulary, tokens, stops);

            Assert.Equal(expected.Text, text);
            Assert.Equal(expected.Stopped, stopped);
            Assert.All(stops, stop => Assert.DoesNotContain(stop, text, StringComparison.Ordinal));
            Assert.True(text.Count(ch => ch == '\uFFFD') <= full.Count(ch => ch == '\uFFFD'));
        });
    }

    private static List<string> MakeStops(string[] pieces, int count, int[] picks)
    {
        var stops = new List<string>();
        for (var i = 0; i < count; i++)
        {
            // Half the stops are taken from the text itself (whole pieces, so never half a character), half are made up.
            var start = (int)((uint)picks[2 * i] % (pieces.Length + 1));
            var length = 1 + (int)((uint)picks[(2 * i) + 1] % 4);
            var stop = (picks[2 * i] & 1) == 0 && start < pieces.Length
                ? string.Concat(pieces.Skip(start).Take(length))
                : string.Concat(Enumerable.Range(0, length).Select(j => Alphabet[(int)((uint)(picks[(2 * i) + 1] >> (4 * j)) % Alphabet.Length)]));
            stops.Add(stop);
        }

        return stops;
    }

    private static (FakeVocabulary Vocabulary, List<int> Tokens) Tokenize(byte[] all, bool byteLevel, double[] cuts, bool withEndOfGeneration)
    {
        if (byteLevel)
        {
            var vocabulary = FakeVocabulary.ByteLevel();
            var tokens = all.Select(b => (int)b).ToList();
            if (withEndOfGeneration)
            {
                // An end-of-generation token adds no text wherever it falls (even inside a character).
                tokens.Insert((int)(cuts.FirstOrDefault() * tokens.Count), vocabulary.EndOfGenerationId);
            }

            return (vocabulary, tokens);
        }

        var chunks = IncrementalUtf8DecoderTests.Split(all, cuts);
        return (FakeVocabulary.FromChunks(chunks), [.. Enumerable.Range(0, chunks.Count)]);
    }

    [Fact]
    public void Without_stop_strings_text_is_released_as_soon_as_it_is_whole()
    {
        var vocabulary = FakeVocabulary.FromChunks([[0x48, 0x69], [0xE2, 0x82], [0xAC, 0x21]]);

        var (_, stopped, pieces) = Run(vocabulary, [0, 1, 2], null);

        Assert.False(stopped);
        Assert.Equal(["Hi", "", "€!", ""], pieces);
    }

    [Fact]
    public void A_stop_string_split_over_tokens_ends_the_output_before_it()
    {
        var vocabulary = FakeVocabulary.FromStrings("Hel", "lo<", "|us", "er|>", "more");

        var (text, stopped, pieces) = Run(vocabulary, [0, 1, 2, 3, 4], ["<|user|>"]);

        Assert.True(stopped);
        Assert.Equal("Hello", text);
        Assert.Equal(["Hel", "lo", "", ""], pieces);
    }

    [Fact]
    public void Held_text_is_released_once_it_can_no_longer_start_a_stop_string()
    {
        var vocabulary = FakeVocabulary.FromStrings("a<|u", "x");

        var (text, stopped, pieces) = Run(vocabulary, [0, 1], ["<|user|>"]);

        Assert.False(stopped);
        Assert.Equal("a<|ux", text);
        Assert.Equal(["a", "<|ux", ""], pieces);
    }

    [Fact]
    public void Flush_releases_text_held_back_for_a_stop_string_that_never_came()
    {
        var vocabulary = FakeVocabulary.FromStrings("ab<|");

        var (_, stopped, pieces) = Run(vocabulary, [0], ["<|user|>"]);

        Assert.False(stopped);
        Assert.Equal(["ab", "<|"], pieces);
    }

    [Fact]
    public void The_stop_string_completed_first_wins_however_the_text_is_split()
    {
        var split = FakeVocabulary.FromStrings("a", "b", "c", "d");
        var whole = FakeVocabulary.FromStrings("abcd");

        var (splitText, _, _) = Run(split, [0, 1, 2, 3], ["abcd", "bc"]);
        var (wholeText, _, _) = Run(whole, [0], ["abcd", "bc"]);

        Assert.Equal("a", splitText);
        Assert.Equal("a", wholeText);
    }

    [Fact]
    public void Of_stop_strings_completed_together_the_longest_is_removed()
    {
        var vocabulary = FakeVocabulary.FromStrings("xabc");

        var (text, stopped, _) = Run(vocabulary, [0], ["bc", "abc"]);

        Assert.True(stopped);
        Assert.Equal("x", text);
    }

    [Fact]
    public void A_stop_string_completed_by_the_final_replacement_character_is_honoured()
    {
        var vocabulary = FakeVocabulary.FromChunks([[0x41, 0xE2, 0x82]]);
        var processor = new StopStringOutputProcessor(vocabulary, ["\uFFFD"]);

        var step = processor.Append(0);
        var rest = processor.Flush();

        Assert.Equal(new OutputStep("A", false), step);
        Assert.Equal("", rest);
        Assert.True(processor.Stopped);
    }

    [Fact]
    public void End_of_generation_and_control_tokens_produce_no_text()
    {
        var vocabulary = FakeVocabulary.FromStrings("hi", "");
        var processor = new StopStringOutputProcessor(vocabulary, ["x"]);

        var control = processor.Append(1);
        var end = processor.Append(vocabulary.EndOfGenerationId);

        Assert.Equal(new OutputStep("", false), control);
        Assert.Equal(new OutputStep("", false), end);
        Assert.False(processor.Stopped);
    }

    [Fact]
    public void After_a_stop_nothing_more_is_released()
    {
        var vocabulary = FakeVocabulary.FromStrings("ab", "cd");
        var processor = new StopStringOutputProcessor(vocabulary, ["b"]);

        var first = processor.Append(0);
        var after = processor.Append(1);
        var flushed = processor.Flush();

        Assert.Equal(new OutputStep("a", true), first);
        Assert.Equal(new OutputStep("", true), after);
        Assert.Equal("", flushed);
    }

    [Fact]
    public void Constructor_rejects_an_empty_stop_string_and_a_missing_vocabulary()
    {
        var vocabulary = FakeVocabulary.ByteLevel();

        Assert.Throws<ArgumentException>(() => new StopStringOutputProcessor(vocabulary, ["a", ""]));
        Assert.Throws<ArgumentNullException>(() => new StopStringOutputProcessor(null!, null));
    }
}

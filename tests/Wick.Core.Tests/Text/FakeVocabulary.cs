using System.Text;
using Wick.Core.Text;

namespace Wick.Core.Tests.Text;

/// <summary>A vocabulary spelled out in the test: each token's bytes, and which ids end generation.</summary>
internal sealed class FakeVocabulary(IReadOnlyList<byte[]> tokens, IReadOnlySet<int> endOfGeneration) : ITokenVocabulary
{
    public int Size => tokens.Count;

    /// <summary>One token per byte value (id = byte), then an end-of-generation token with no bytes.</summary>
    public static FakeVocabulary ByteLevel()
    {
        var tokens = Enumerable.Range(0, 256).Select(b => new[] { (byte)b }).Append([]).ToList();
        return new FakeVocabulary(tokens, new HashSet<int> { 256 });
    }

    /// <summary>Tokens with no text, for sampling tests that only need a size and the end-of-generation ids.</summary>
    public static FakeVocabulary OfSize(int size, params int[] endOfGeneration) =>
        new(Enumerable.Range(0, size).Select(_ => Array.Empty<byte>()).ToList(), endOfGeneration.ToHashSet());

    /// <summary>One token per string (UTF-8), in order, then an end-of-generation token.</summary>
    public static FakeVocabulary FromStrings(params string[] tokens) =>
        FromChunks(tokens.Select(Encoding.UTF8.GetBytes).ToList());

    /// <summary>One token per byte chunk, in order (id = index), then an end-of-generation token.</summary>
    public static FakeVocabulary FromChunks(IReadOnlyList<byte[]> chunks) =>
        new([.. chunks, []], new HashSet<int> { chunks.Count });

    public int EndOfGenerationId => endOfGeneration.Min();

    public ReadOnlySpan<byte> GetBytes(int tokenId) => tokens[tokenId];

    public bool IsEndOfGeneration(int tokenId) => endOfGeneration.Contains(tokenId);
}

using Wick.Core.Text;

namespace Wick.TestSupport;

/// <summary>A toy vocabulary: token t is the one printable ASCII byte <c>'!' + t % 94</c>; the end-of-generation token has no bytes.</summary>
public sealed class MockVocabulary : ITokenVocabulary
{
    private readonly byte[][] bytes;

    public MockVocabulary(int size, int endOfGenerationToken)
    {
        Size = size;
        EndOfGenerationToken = endOfGenerationToken;
        bytes = new byte[size][];
        for (var t = 0; t < size; t++)
        {
            bytes[t] = t == endOfGenerationToken ? [] : [(byte)('!' + (t % 94))];
        }
    }

    public int Size { get; }

    /// <summary>-1 when the vocabulary has none.</summary>
    public int EndOfGenerationToken { get; }

    public ReadOnlySpan<byte> GetBytes(int tokenId) => bytes[tokenId];

    public bool IsEndOfGeneration(int tokenId) => tokenId == EndOfGenerationToken;
}

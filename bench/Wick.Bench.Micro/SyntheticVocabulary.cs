using Wick.Core.Text;

namespace Wick.Bench.Micro;

/// <summary>A vocabulary of a given size whose last id ends generation; tokens carry no text (sampling needs none).</summary>
internal sealed class SyntheticVocabulary(int size) : ITokenVocabulary
{
    public int Size => size;

    public ReadOnlySpan<byte> GetBytes(int tokenId) => [];

    public bool IsEndOfGeneration(int tokenId) => tokenId == size - 1;
}

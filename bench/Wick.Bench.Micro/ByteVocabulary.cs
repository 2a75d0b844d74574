using Wick.Core.Text;

namespace Wick.Bench.Micro;

/// <summary>The byte-level vocabulary of Wick's synthetic models: token t &lt; 256 is byte t, then BOS (256) and EOS (257).</summary>
internal sealed class ByteVocabulary : ITokenVocabulary
{
    public const int Eos = 257;
    private static readonly byte[][] Bytes = [.. Enumerable.Range(0, 258).Select(t => t < 256 ? new[] { (byte)t } : Array.Empty<byte>())];

    public int Size => Bytes.Length;

    public ReadOnlySpan<byte> GetBytes(int tokenId) => Bytes[tokenId];

    public bool IsEndOfGeneration(int tokenId) => tokenId == Eos;
}

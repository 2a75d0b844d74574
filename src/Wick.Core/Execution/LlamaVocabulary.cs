using LLama.Native;
using Wick.Core.Text;

namespace Wick.Core.Execution;

/// <summary>A llama.cpp model's vocabulary, read once: every token's bytes (none for control tokens) and the end-of-generation set.</summary>
internal sealed class LlamaVocabulary : ITokenVocabulary
{
    private readonly byte[][] pieces;
    private readonly bool[] endOfGeneration;

    public LlamaVocabulary(SafeLlamaModelHandle.Vocabulary vocabulary)
    {
        Size = vocabulary.Count;
        pieces = new byte[Size][];
        endOfGeneration = new bool[Size];
        var buffer = new byte[64];
        for (var id = 0; id < Size; id++)
        {
            var token = (LLamaToken)id;
            pieces[id] = ReadPiece((span) => NativeApi.llama_token_to_piece(vocabulary, token, span, 0, false), buffer);
            endOfGeneration[id] = token.IsEndOfGeneration(vocabulary);
        }
    }

    /// <summary>Reads one token's bytes with llama.cpp's convention: a negative length is the buffer size needed.</summary>
    internal static byte[] ReadPiece(ReadPieceInto read, byte[] buffer)
    {
        var length = read(buffer);
        if (length < 0)
        {
            buffer = new byte[-length];
            length = read(buffer);
        }

        return buffer.AsSpan(0, length).ToArray();
    }

    public int Size { get; }

    public ReadOnlySpan<byte> GetBytes(int tokenId) => pieces[tokenId];

    public bool IsEndOfGeneration(int tokenId) => endOfGeneration[tokenId];

    /// <summary>Writes a token's bytes into the span; returns their count, or minus the size needed.</summary>
    internal delegate int ReadPieceInto(Span<byte> destination);
}

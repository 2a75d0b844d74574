using LLama.Native;
using Wick.Core.Text;

namespace Wick.Core.Execution.Llama;

/// <summary>
/// A model's vocabulary read once at load: each token's bytes and whether it ends generation. Afterwards it is plain
/// managed data, safe to read from any thread.
/// </summary>
internal sealed class LlamaVocabulary : ITokenVocabulary
{
    private readonly byte[][] _bytes;
    private readonly bool[] _endOfGeneration;

    public LlamaVocabulary(SafeLlamaModelHandle model)
    {
        var vocab = model.Vocab;
        Size = vocab.Count;
        _bytes = new byte[Size][];
        _endOfGeneration = new bool[Size];
        Span<byte> buffer = stackalloc byte[256];
        for (var token = 0; token < Size; token++)
        {
            var length = (int)model.TokenToSpan((LLamaToken)token, buffer, 0, false);
            _bytes[token] = length <= buffer.Length ? buffer[..length].ToArray() : Long(model, token, length);
        }

        foreach (var eog in new[] { vocab.EOS, vocab.EOT }.OfType<LLamaToken>())
        {
            _endOfGeneration[(int)eog] = true;
        }
    }

    public int Size { get; }

    public ReadOnlySpan<byte> GetBytes(int tokenId) => _bytes[tokenId];

    public bool IsEndOfGeneration(int tokenId) => _endOfGeneration[tokenId];

    private static byte[] Long(SafeLlamaModelHandle model, int token, int length)
    {
        var bytes = new byte[length];
        model.TokenToSpan((LLamaToken)token, bytes, 0, false);
        return bytes;
    }
}

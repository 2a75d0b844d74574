using System.Text;
using Wick.Core.Gguf;

namespace Wick.Training;

/// <summary>Encoding for the byte-level vocabulary (<see cref="ByteLevelVocabulary"/>): token id = byte value, then BOS and EOS.</summary>
public static class ByteTokens
{
    /// <summary>Beginning of sequence.</summary>
    public const int Bos = ByteLevelVocabulary.BosId;

    /// <summary>End of sequence (<c>&lt;|endoftext|&gt;</c>).</summary>
    public const int Eos = ByteLevelVocabulary.EosId;

    /// <summary>BOS followed by the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static int[] EncodeWithBos(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var bytes = Encoding.UTF8.GetBytes(text);
        var tokens = new int[bytes.Length + 1];
        tokens[0] = Bos;
        for (var i = 0; i < bytes.Length; i++)
        {
            tokens[i + 1] = bytes[i];
        }

        return tokens;
    }

    /// <summary>The text of byte tokens (special tokens are skipped).</summary>
    public static string Decode(IEnumerable<int> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var bytes = tokens.Where(t => t is >= 0 and < 256).Select(t => (byte)t).ToArray();
        return Encoding.UTF8.GetString(bytes);
    }
}

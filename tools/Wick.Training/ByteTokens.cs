using System.Text;

namespace Wick.Training;

/// <summary>The byte-level vocabulary: token id = byte value, then BOS and EOS (ENGINE-NOTES "A GGUF we write ourselves").</summary>
public static class ByteTokens
{
    /// <summary>Beginning of sequence.</summary>
    public const int Bos = 256;

    /// <summary>End of sequence (<c>&lt;|endoftext|&gt;</c>).</summary>
    public const int Eos = 257;

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

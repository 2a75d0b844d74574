using System.Globalization;
using System.Text.RegularExpressions;

namespace Wick.Hub.Files;

/// <summary>A shard of a split GGUF, named as llama.cpp's <c>gguf-split</c> names them: <c>prefix-00001-of-00003.gguf</c>.
/// llama.cpp loads shard 1 and finds the others beside it by this name.</summary>
internal sealed partial record SplitShardName(string Prefix, int Index, int Count)
{
    public static SplitShardName? TryParse(string path)
    {
        var match = Pattern().Match(path);
        if (!match.Success)
        {
            return null;
        }

        var index = int.Parse(match.Groups["index"].Value, CultureInfo.InvariantCulture);
        var count = int.Parse(match.Groups["count"].Value, CultureInfo.InvariantCulture);
        return index >= 1 && index <= count ? new SplitShardName(match.Groups["prefix"].Value, index, count) : null;
    }

    /// <summary>The path of shard <paramref name="index"/> of the same split.</summary>
    public string PathOf(int index) => string.Create(CultureInfo.InvariantCulture, $"{Prefix}-{index:D5}-of-{Count:D5}.gguf");

    [GeneratedRegex(@"^(?<prefix>.+)-(?<index>\d{5})-of-(?<count>\d{5})\.gguf$")]
    private static partial Regex Pattern();
}

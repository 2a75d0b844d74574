using System.Text;
using System.Text.RegularExpressions;

namespace Wick.Hub.Files;

/// <summary>fnmatch-style patterns as <c>huggingface-cli --include</c> uses them: <c>*</c> any run of characters
/// (including <c>/</c>), <c>?</c> one character, <c>[abc]</c> / <c>[!abc]</c> a class. Matching ignores case, since
/// quantization tags appear in either case in file names.</summary>
internal static class Glob
{
    public static bool IsPattern(string text) => text.AsSpan().IndexOfAny("*?[") >= 0;

    public static bool IsMatch(string pattern, string path) =>
        Regex.IsMatch(path, ToRegex(pattern), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    internal static string ToRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            var close = c == '[' ? pattern.IndexOf(']', i + 1) : -1;
            var body = close > i + 1 ? pattern[(i + 1)..close] : "!";
            if (c == '*')
            {
                regex.Append(".*");
            }
            else if (c == '?')
            {
                regex.Append('.');
            }
            else if (body != "!")
            {
                regex.Append('[')
                    .Append(body[0] == '!' ? "^" + Regex.Escape(body[1..]) : Regex.Escape(body))
                    .Append(']');
                i = close;
            }
            else
            {
                regex.Append(Regex.Escape(c.ToString()));
            }
        }

        return regex.Append('$').ToString();
    }
}

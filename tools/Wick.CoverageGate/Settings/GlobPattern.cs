using System.Text;
using System.Text.RegularExpressions;

namespace Wick.CoverageGate.Settings;

/// <summary>
/// A path glob over repo-relative, '/'-separated paths: <c>**</c> spans folders, <c>*</c> and <c>?</c> stay inside one
/// segment. Written by hand (not FileSystemGlobbing) because the gate matches paths that may no longer exist on disk.
/// </summary>
internal sealed class GlobPattern
{
    private readonly Regex regex;

    public GlobPattern(string pattern)
    {
        Pattern = pattern.Replace('\\', '/');
        regex = new Regex(ToRegex(Pattern), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    public string Pattern { get; }

    public bool IsMatch(string relativePath) => regex.IsMatch(relativePath);

    public override string ToString() => Pattern;

    private static string ToRegex(string glob)
    {
        var sb = new StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                i++;
                if (i + 1 < glob.Length && glob[i + 1] == '/')
                {
                    // "**/" also matches no folder at all: src/**/X.cs matches src/X.cs.
                    i++;
                    sb.Append("(?:.*/)?");
                }
                else
                {
                    sb.Append(".*");
                }
            }
            else if (c == '*')
            {
                sb.Append("[^/]*");
            }
            else if (c == '?')
            {
                sb.Append("[^/]");
            }
            else
            {
                sb.Append(Regex.Escape(c.ToString()));
            }
        }

        return sb.Append('$').ToString();
    }
}

using System.Globalization;
using Wick.Hub.Errors;

namespace Wick.Hub.Files;

/// <summary>
/// Picks the model files a selector means among a repository's files (from the hub's listing or a cached snapshot):
/// no selector → the repository's only GGUF model; a glob → every file it matches; an exact path → that file; otherwise
/// a quantization tag → the GGUF files whose name carries it (as a whole word first, e.g. <c>Q4_K</c> does not pick
/// <c>Q4_K_M</c>, then anywhere in the name). A selected shard brings its whole split.
/// </summary>
internal static class ModelFileSelector
{
    /// <summary>The selected models. Nothing matching raises <see cref="ModelNotFoundException"/>; more than one model
    /// where one is needed (<paramref name="allowMany"/> false) raises <see cref="ModelSelectionException"/> listing them.
    /// Incomplete splits are returned as such: the caller decides whether that is an error.</summary>
    public static IReadOnlyList<ModelFileGroup> Select(string repoId, string revision, IReadOnlyCollection<string> paths, string? selector, bool allowMany)
    {
        var ggufs = paths.Where(IsGguf).ToList();
        var matched = Match(paths, ggufs, selector);
        if (matched.Count == 0)
        {
            var available = ggufs.Count == 0 ? "it holds no .gguf files" : "its .gguf files are: " + string.Join(", ", Group(ggufs, ggufs).Select(g => g.Name));
            var what = selector is null ? "no .gguf file" : $"no file matching '{selector}'";
            throw new ModelNotFoundException(
                ModelNotFoundKind.File,
                $"Repository '{repoId}' at revision '{revision}' has {what}; {available}.");
        }

        var groups = Group(matched, paths);
        if (groups.Count > 1 && !allowMany)
        {
            var names = groups.Select(g => g.Name).ToList();
            var asked = selector is null ? "has several GGUF models" : $"has several models matching '{selector}'";
            throw new ModelSelectionException(
                $"Repository '{repoId}' {asked}: {string.Join(", ", names)}. Pick one with --file <quant tag or file name> (or owner/repo:<quant>).",
                names);
        }

        return groups;
    }

    /// <summary>The file names of the shards a split group is missing, as a message fragment.</summary>
    public static ModelSelectionException Incomplete(string repoId, string revision, ModelFileGroup group) =>
        new(
            $"Split model '{group.Name}' in '{repoId}' at revision '{revision}' is missing shard(s) {string.Join(", ", group.MissingPaths)}.",
            group.MissingPaths);

    private static bool IsGguf(string path) => path.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase);

    private static List<string> Match(IReadOnlyCollection<string> paths, List<string> ggufs, string? selector)
    {
        if (selector is null)
        {
            return ggufs;
        }

        if (Glob.IsPattern(selector))
        {
            return paths.Where(p => Glob.IsMatch(selector, p)).ToList();
        }

        if (paths.Contains(selector, StringComparer.Ordinal))
        {
            return [selector];
        }

        var whole = ggufs.Where(p => ContainsWord(FileName(p), selector)).ToList();
        return whole.Count > 0
            ? whole
            : ggufs.Where(p => FileName(p).Contains(selector, StringComparison.OrdinalIgnoreCase)).ToList();
    }

    private static string FileName(string path) => path[(path.LastIndexOf('/') + 1)..];

    /// <summary>The tag occurs with no letter, digit or underscore right before or after it.</summary>
    private static bool ContainsWord(string name, string tag)
    {
        for (var at = name.IndexOf(tag, StringComparison.OrdinalIgnoreCase); at >= 0; at = name.IndexOf(tag, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            var end = at + tag.Length;
            if ((at == 0 || !IsWordChar(name[at - 1])) && (end == name.Length || !IsWordChar(name[end])))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    /// <summary>Groups the matched files into models; a shard pulls in its siblings from <paramref name="all"/>.</summary>
    private static List<ModelFileGroup> Group(IEnumerable<string> matched, IReadOnlyCollection<string> all)
    {
        var groups = new List<ModelFileGroup>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in matched.Order(StringComparer.Ordinal))
        {
            if (SplitShardName.TryParse(path) is not { } shard)
            {
                if (seen.Add(path))
                {
                    groups.Add(new ModelFileGroup(path, [path], []));
                }

                continue;
            }

            var key = string.Create(CultureInfo.InvariantCulture, $"{shard.Prefix}|{shard.Count}");
            if (!seen.Add(key))
            {
                continue;
            }

            var shards = Enumerable.Range(1, shard.Count).Select(shard.PathOf).ToList();
            var present = shards.Where(p => all.Contains(p, StringComparer.Ordinal)).ToList();
            var name = string.Create(CultureInfo.InvariantCulture, $"{shard.Prefix}-*-of-{shard.Count:D5}.gguf");
            groups.Add(new ModelFileGroup(name, present, shards.Except(present, StringComparer.Ordinal).ToList()));
        }

        return groups;
    }
}

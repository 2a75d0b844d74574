using Wick.CoverageGate.Settings;

namespace Wick.CoverageGate.Source;

/// <summary>The repository's C# sources under the configured roots, scanned once, plus line text for the gap report.</summary>
internal sealed class SourceTree
{
    private readonly string root;
    private readonly Dictionary<string, string[]?> text = new(StringComparer.Ordinal);

    private SourceTree(string root) => this.root = root;

    public IReadOnlyList<SourceFacts> Files { get; private set; } = [];

    public static SourceTree Scan(string root, GateSettings settings)
    {
        var tree = new SourceTree(root);
        var exitAllowed = settings.ProcessExitAllowedIn.Select(p => p.Replace('\\', '/')).ToHashSet(StringComparer.Ordinal);
        var files = new List<SourceFacts>();
        foreach (var sourceRoot in settings.SourceRoots)
        {
            var folder = Path.Combine(root, sourceRoot);
            if (!Directory.Exists(folder))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories))
            {
                var path = RepoPaths.Relative(root, file);
                if (GateSettings.IsBuildOutput(path))
                {
                    continue;
                }

                var content = File.ReadAllText(file);
                tree.text[path] = SplitLines(content);
                files.Add(SourceScanner.Scan(path, content, exitAllowed.Contains(path)));
            }
        }

        tree.Files = [.. files.OrderBy(f => f.Path, StringComparer.Ordinal)];
        return tree;
    }

    /// <summary>The trimmed text of a 1-based line, or a marker when the file or line is missing.</summary>
    public string LineText(string path, int line)
    {
        if (!text.TryGetValue(path, out var lines))
        {
            var full = Path.IsPathRooted(path) ? path : Path.Combine(root, path);
            lines = File.Exists(full) ? SplitLines(File.ReadAllText(full)) : null;
            text[path] = lines;
        }

        return lines is null ? "(source file not found)"
            : line >= 1 && line <= lines.Length ? lines[line - 1].Trim()
            : "(line beyond end of file)";
    }

    private static string[] SplitLines(string content) => content.Replace("\r\n", "\n").Split('\n');
}

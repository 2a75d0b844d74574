namespace Wick.CoverageGate.Coverage;

/// <summary>Coverage of one source file (repo-relative path), with the namespaces of the classes reported in it.</summary>
internal sealed class FileCoverage(string path)
{
    private readonly SortedDictionary<int, LineCoverage> lines = [];

    public string Path { get; } = path;

    public HashSet<string> Namespaces { get; } = new(StringComparer.Ordinal);

    public IEnumerable<LineCoverage> Lines => lines.Values;

    public LineCoverage Line(int number)
    {
        if (!lines.TryGetValue(number, out var line))
        {
            line = new LineCoverage(number);
            lines[number] = line;
        }

        return line;
    }

    /// <summary>A line is covered if any report covers it; a branch condition is covered if any report covers it.</summary>
    public void MergeFrom(FileCoverage other)
    {
        Namespaces.UnionWith(other.Namespaces);
        foreach (var line in other.lines.Values)
        {
            Line(line.Number).MergeFrom(line);
        }
    }
}

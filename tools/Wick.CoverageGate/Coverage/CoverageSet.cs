namespace Wick.CoverageGate.Coverage;

/// <summary>The merge of every report read: one <see cref="FileCoverage"/> per repo-relative source path.</summary>
internal sealed class CoverageSet
{
    private readonly Dictionary<string, FileCoverage> files = new(StringComparer.Ordinal);

    public IReadOnlyCollection<FileCoverage> Files => files.Values;

    public FileCoverage? Find(string path) => files.GetValueOrDefault(path);

    public void Add(FileCoverage file)
    {
        if (!files.TryGetValue(file.Path, out var mine))
        {
            mine = new FileCoverage(file.Path);
            files[file.Path] = mine;
        }

        mine.MergeFrom(file);
    }
}

namespace Wick.CoverageGate.Coverage;

/// <summary>One source line: how often it ran, and its branch sites keyed by the method that owns them.</summary>
internal sealed class LineCoverage(int number)
{
    private readonly Dictionary<string, BranchSite> sites = new(StringComparer.Ordinal);

    public int Number { get; } = number;

    public long Hits { get; private set; }

    public int BranchesCovered => sites.Values.Sum(s => s.Covered);

    public int BranchesTotal => sites.Values.Sum(s => s.Total);

    public bool IsCovered => Hits > 0;

    public bool HasMissedBranches => BranchesCovered < BranchesTotal;

    public void AddHits(long hits) => Hits += hits;

    public void AddSite(string key, BranchSite site)
    {
        if (sites.TryGetValue(key, out var mine))
        {
            mine.MergeFrom(site);
        }
        else
        {
            sites[key] = site.Clone();
        }
    }

    public void MergeFrom(LineCoverage other)
    {
        AddHits(other.Hits);
        foreach (var (key, site) in other.sites)
        {
            AddSite(key, site);
        }
    }
}

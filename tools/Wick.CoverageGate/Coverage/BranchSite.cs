namespace Wick.CoverageGate.Coverage;

/// <summary>
/// The branches one method has on one source line (Cobertura's <c>condition-coverage="50% (1/2)"</c> plus its
/// <c>&lt;condition&gt;</c> elements), merged across reports.
/// </summary>
/// <remarks>
/// Cobertura says how many of a branch point's paths ran, not which ones, so a union across reports is exact only when it
/// can be read off the conditions: a condition fully covered anywhere is covered, and coverlet's jumps have two paths each
/// (a single switch takes the rest). When two reports each cover half of the same jump the union is unknowable and is
/// counted conservatively (the larger count), so the gate can under-report but never over-report.
/// </remarks>
internal sealed class BranchSite
{
    private readonly Dictionary<int, Condition> conditions;

    public BranchSite(int covered, int total, IReadOnlyDictionary<int, Condition> conditions)
    {
        Total = total;
        Covered = Math.Min(covered, total);
        this.conditions = new Dictionary<int, Condition>(conditions);
    }

    public int Covered { get; private set; }

    public int Total { get; private set; }

    public BranchSite Clone() => new(Covered, Total, conditions);

    public void MergeFrom(BranchSite other)
    {
        foreach (var (number, condition) in other.conditions)
        {
            conditions[number] = conditions.TryGetValue(number, out var mine) && mine.Percent >= condition.Percent
                ? mine
                : condition;
        }

        Total = Math.Max(Total, other.Total);
        Covered = Math.Min(Total, Math.Max(Math.Max(Covered, other.Covered), CoveredFromConditions()));
    }

    private int CoveredFromConditions()
    {
        var jumps = conditions.Values.Count(c => !c.IsSwitch);
        var switches = conditions.Count - jumps;
        var switchPaths = Total - (2 * jumps);
        if (conditions.Count == 0 || switches > 1 || (switches == 1 ? switchPaths < 1 : switchPaths != 0))
        {
            return 0; // the path count of each condition cannot be told: keep the per-report counts
        }

        return conditions.Values.Sum(c => (int)Math.Round(c.Percent * (c.IsSwitch ? switchPaths : 2) / 100));
    }
}

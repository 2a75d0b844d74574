namespace Wick.CoverageGate.Settings;

/// <summary>One module of the thresholds file: which code it holds and what it must reach.</summary>
/// <param name="Name">Module name as written in the thresholds file (e.g. <c>ParkingLot</c>, <c>Server/OpenAI</c>).</param>
/// <param name="Paths">Repo-relative path globs of its source files.</param>
/// <param name="Namespaces">Namespace prefixes: a file declaring, or a class living in, one of these belongs here.</param>
/// <param name="Line">Minimum line coverage, percent.</param>
/// <param name="Branch">Minimum branch coverage, percent.</param>
/// <param name="CrashAuditMustBeZero">Any crash-audit finding in the module fails the gate.</param>
internal sealed record ModuleSpec(
    string Name,
    IReadOnlyList<GlobPattern> Paths,
    IReadOnlyList<string> Namespaces,
    double Line,
    double Branch,
    bool CrashAuditMustBeZero)
{
    /// <summary>Whether a file at <paramref name="relativePath"/> declaring <paramref name="namespaces"/> belongs here.</summary>
    public bool Matches(string relativePath, IEnumerable<string> namespaces) =>
        Paths.Any(p => p.IsMatch(relativePath)) || namespaces.Any(MatchesNamespace);

    private bool MatchesNamespace(string ns) =>
        Namespaces.Any(prefix => ns == prefix || ns.StartsWith(prefix + ".", StringComparison.Ordinal));
}

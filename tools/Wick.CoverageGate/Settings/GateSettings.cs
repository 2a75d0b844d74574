namespace Wick.CoverageGate.Settings;

/// <summary>The thresholds file: modules in file order (the first module that matches a file owns it) and global knobs.</summary>
/// <param name="Modules">Modules, in the order they are written.</param>
/// <param name="Epsilon">Percentage points of float noise tolerated against thresholds and baselines.</param>
/// <param name="SourceRoots">Repo-relative folders whose C# files are scanned for exclusions and the crash audit.</param>
/// <param name="ProcessExitAllowedIn">Repo-relative files where <c>Environment.Exit</c>/<c>FailFast</c> is allowed.</param>
internal sealed record GateSettings(
    IReadOnlyList<ModuleSpec> Modules,
    double Epsilon,
    IReadOnlyList<string> SourceRoots,
    IReadOnlyList<string> ProcessExitAllowedIn)
{
    public const double DefaultEpsilon = 0.01;

    /// <summary>The module that owns a file: the first in file order whose paths or namespaces match.</summary>
    public ModuleSpec? ModuleOf(string relativePath, IEnumerable<string> namespaces)
    {
        // Build outputs (generated sources under obj/) are never module code even when a glob like src/X/** spans them.
        if (IsBuildOutput(relativePath))
        {
            return null;
        }

        var list = namespaces as IReadOnlyCollection<string> ?? namespaces.ToList();
        return Modules.FirstOrDefault(m => m.Matches(relativePath, list));
    }

    public static bool IsBuildOutput(string relativePath) =>
        relativePath.Split('/').Any(segment => segment is "obj" or "bin");
}

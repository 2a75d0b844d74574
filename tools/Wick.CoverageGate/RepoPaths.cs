namespace Wick.CoverageGate;

/// <summary>Repo-relative, '/'-separated paths: the one form every part of the gate compares.</summary>
internal static class RepoPaths
{
    /// <summary>
    /// The path of <paramref name="fullPath"/> relative to <paramref name="root"/>. Deterministic-build paths
    /// (<c>/_/src/...</c>) map onto the root; a path outside the root stays absolute.
    /// </summary>
    public static string Relative(string root, string fullPath)
    {
        var normalized = fullPath.Replace('\\', '/');
        if (normalized.StartsWith("/_/", StringComparison.Ordinal))
        {
            return normalized[3..];
        }

        var relative = Path.GetRelativePath(root, Path.GetFullPath(fullPath)).Replace('\\', '/');
        return relative.StartsWith("../", StringComparison.Ordinal) || relative == ".."
            ? Path.GetFullPath(fullPath).Replace('\\', '/')
            : relative;
    }

    /// <summary>The folder holding <c>Wick.sln</c> at or above <paramref name="start"/>, else <paramref name="start"/>.</summary>
    public static string FindRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Wick.sln")))
            {
                return dir.FullName;
            }
        }

        return Path.GetFullPath(start);
    }
}

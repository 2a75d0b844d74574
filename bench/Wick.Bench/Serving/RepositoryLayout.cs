namespace Wick.Bench.Serving;

/// <summary>Where the repository's build outputs are, found from this program's folder or the working directory.</summary>
internal static class RepositoryLayout
{
    public static string? FindRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Wick.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }

    /// <summary>The built <c>wick.dll</c> (Release first, then Debug).</summary>
    public static string FindWickCli()
    {
        var root = FindRoot() ?? throw new InvalidOperationException("The repository root (Wick.sln) was not found; pass --wick PATH/wick.dll.");
        foreach (var configuration in new[] { "Release", "Debug" })
        {
            var path = Path.Combine(root, "src", "Wick.Cli", "bin", configuration, "net10.0", "wick.dll");
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException("wick.dll was not found: build it first (dotnet build src/Wick.Cli -c Release) or pass --wick.");
    }
}

namespace Wick.Core.Models;

/// <summary>Finds files that ship with the repository (the embedded tiny model) from any working directory.</summary>
public static class RepositoryFiles
{
    /// <summary>Walks up from <paramref name="start"/> until a folder holding <c>models/tiny-arith</c> is found.</summary>
    public static string? FindRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "models", "tiny-arith")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}

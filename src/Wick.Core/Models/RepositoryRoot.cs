namespace Wick.Core.Models;

/// <summary>Finds the repository root (the folder holding <c>models/tiny-arith</c>) from the first of several start
/// folders that lies inside it: the app's own folder, then the working directory.</summary>
internal static class RepositoryRoot
{
    public static string? Find() => Find(AppContext.BaseDirectory, Directory.GetCurrentDirectory());

    public static string? Find(params string[] starts) => starts.Select(RepositoryFiles.FindRoot).FirstOrDefault(root => root is not null);
}

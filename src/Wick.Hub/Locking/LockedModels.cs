using Wick.Core.Models;
using Wick.Hub.Errors;

namespace Wick.Hub.Locking;

/// <summary>Checks of lock entries for files kept in this repository (<c>source: repo</c>), such as the test models:
/// tests call <see cref="RepositoryFile(string, string)"/> before they use one.</summary>
public static class LockedModels
{
    /// <summary>The full path of the repository file entry <paramref name="name"/> pins, after checking that the file
    /// exists with the pinned size and sha256; raises <see cref="ModelLockException"/> otherwise.</summary>
    public static string RepositoryFile(string lockFilePath, string name)
    {
        var lockFile = ModelLockFile.Load(lockFilePath);
        var entry = lockFile.Models.FirstOrDefault(m => m.Name == name && m.Source == ModelLockEntry.RepositorySource)
            ?? throw new ModelLockException($"Model lock file '{lockFilePath}' declares no repository model named '{name}'.");
        return VerifyRepositoryFile(entry, Path.GetDirectoryName(Path.GetFullPath(lockFilePath))!);
    }

    /// <summary>Checks a <c>source: repo</c> entry against the file under <paramref name="lockDirectory"/>.</summary>
    public static string VerifyRepositoryFile(ModelLockEntry entry, string lockDirectory)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var path = Path.GetFullPath(Path.Combine(lockDirectory, entry.File));
        if (!File.Exists(path))
        {
            throw new ModelLockException($"'{entry.Name}' is pinned to '{path}', which does not exist.");
        }

        var size = new FileInfo(path).Length;
        var sha = size == entry.Size ? ModelIntegrity.ComputeSha256(path) : null;
        if (sha != entry.Sha256)
        {
            throw new ModelLockException(
                $"'{path}' is not the file the lock pins for '{entry.Name}': the lock says sha256 {entry.Sha256} and {entry.Size} bytes, the file has {(sha is null ? string.Empty : "sha256 " + sha + " and ")}{size} bytes.");
        }

        return path;
    }
}

using System.Text.RegularExpressions;

namespace Wick.Hub.Cache;

/// <summary>
/// One repository's folder in the Hugging Face hub cache, laid out as <c>huggingface_hub</c> lays it out, so either tool
/// reuses what the other downloaded:
/// <code>
/// models--owner--repo/
///   blobs/&lt;sha256 or git-sha1&gt;            file contents, named by the hub's ETag
///   blobs/&lt;etag&gt;.incomplete               a download in progress (never looks complete)
///   refs/main                               the commit hash the branch pointed at
///   snapshots/&lt;commit&gt;/&lt;path&gt;              relative symlink to ../../blobs/&lt;etag&gt;
/// .locks/models--owner--repo/&lt;etag&gt;.lock   the download lock (beside the repo folders)
/// </code>
/// </summary>
internal sealed partial class RepoCache
{
    public RepoCache(string cacheDirectory, string repoId)
    {
        RepoId = repoId;
        FolderName = "models--" + repoId.Replace("/", "--", StringComparison.Ordinal);
        Root = Path.Combine(cacheDirectory, FolderName);
        LocksRoot = Path.Combine(cacheDirectory, ".locks", FolderName);
    }

    public string RepoId { get; }

    public string FolderName { get; }

    public string Root { get; }

    public string LocksRoot { get; }

    public string BlobsDirectory => Path.Combine(Root, "blobs");

    public string SnapshotsDirectory => Path.Combine(Root, "snapshots");

    public static bool IsCommitHash(string revision) => CommitPattern().IsMatch(revision);

    /// <summary>The repo id a <c>models--a--b</c> folder name stands for (<c>a/b</c>), or null for a malformed name.</summary>
    public static string? RepoIdFromFolder(string folderName)
    {
        var parts = folderName.Split("--");
        return parts.Length == 3 ? parts[1] + "/" + parts[2] : null;
    }

    public string BlobPath(string etag) => Path.Combine(BlobsDirectory, etag);

    public string IncompletePath(string etag) => BlobPath(etag) + ".incomplete";

    public string LockPath(string etag) => Path.Combine(LocksRoot, etag + ".lock");

    public string SnapshotPath(string commit, string repoPath) =>
        Path.Combine([SnapshotsDirectory, commit, .. repoPath.Split('/')]);

    /// <summary>The commit a revision stands for locally: the revision itself when it is a commit hash, else the content
    /// of <c>refs/&lt;revision&gt;</c>; null when this cache has never resolved it.</summary>
    public string? FindCommit(string revision)
    {
        if (IsCommitHash(revision))
        {
            return revision;
        }

        var refPath = RefPath(revision);
        var commit = File.Exists(refPath) ? File.ReadAllText(refPath).Trim() : string.Empty;
        return commit.Length > 0 ? commit : null;
    }

    /// <summary>Records that <paramref name="revision"/> resolved to <paramref name="commit"/> (nothing to record for a commit).</summary>
    public void WriteRef(string revision, string commit)
    {
        if (revision == commit)
        {
            return;
        }

        var refPath = RefPath(revision);
        Directory.CreateDirectory(Path.GetDirectoryName(refPath)!);
        File.WriteAllText(refPath, commit);
    }

    /// <summary>Every ref name and the commit it holds.</summary>
    public IReadOnlyList<(string Name, string Commit)> ReadRefs()
    {
        var refs = Path.Combine(Root, "refs");
        return Directory.Exists(refs)
            ? Directory.EnumerateFiles(refs, "*", SearchOption.AllDirectories)
                .Select(f => (Path.GetRelativePath(refs, f).Replace('\\', '/'), File.ReadAllText(f).Trim()))
                .Order()
                .ToList()
            : [];
    }

    /// <summary>Deletes the refs that point at <paramref name="commit"/> (its snapshot is gone).</summary>
    public void DeleteRefsTo(string commit)
    {
        foreach (var (name, _) in ReadRefs().Where(r => r.Commit == commit))
        {
            File.Delete(RefPath(name));
        }
    }

    /// <summary>The commits that have a snapshot folder.</summary>
    public IReadOnlyList<string> ListCommits() =>
        Directory.Exists(SnapshotsDirectory)
            ? Directory.EnumerateDirectories(SnapshotsDirectory).Select(d => Path.GetFileName(d)).Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>The repository paths present in a snapshot ('/'-separated), including links whose blob is gone.</summary>
    public IReadOnlyList<string> ListSnapshotEntries(string commit)
    {
        var folder = Path.Combine(SnapshotsDirectory, commit);
        return Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];
    }

    /// <summary>The repository paths in a snapshot whose content is actually there (the link resolves).</summary>
    public IReadOnlyList<string> ListSnapshotFiles(string commit) =>
        ListSnapshotEntries(commit).Where(p => HasContent(SnapshotPath(commit, p))).ToList();

    /// <summary>A plain file that exists, or a link whose final target exists.</summary>
    public static bool HasContent(string path)
    {
        var info = new FileInfo(path);
        return info.LinkTarget is null ? info.Exists : info.ResolveLinkTarget(returnFinalTarget: true) is { Exists: true };
    }

    /// <summary>The blob file a snapshot entry points at (its link target), or the entry itself when it is a plain file.</summary>
    public string ResolveEntry(string commit, string repoPath)
    {
        var entry = SnapshotPath(commit, repoPath);
        var target = new FileInfo(entry).LinkTarget;
        return target is null ? entry : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(entry)!, target));
    }

    /// <summary>Points <c>snapshots/&lt;commit&gt;/&lt;path&gt;</c> at the blob with a relative symlink, replacing what was there.</summary>
    public string LinkSnapshot(string commit, string repoPath, string etag)
    {
        var link = SnapshotPath(commit, repoPath);
        var folder = Path.GetDirectoryName(link)!;
        Directory.CreateDirectory(folder);
        var target = Path.GetRelativePath(folder, BlobPath(etag));
        if (new FileInfo(link).LinkTarget == target)
        {
            return link;
        }

        // Made under a name of its own, then renamed over the link: rename replaces atomically, so two pulls of the
        // same file racing here both end with a correct link (creating it in place made the loser copy the blob onto
        // the winner's link, i.e. onto itself).
        var staged = $"{link}.{Guid.NewGuid():N}.partial";
        CreateLink(staged, target, BlobPath(etag));
        File.Move(staged, link, overwrite: true);
        return link;
    }

    [System.Diagnostics.CodeAnalysis.ExcludeFromCodeCoverage(Justification = "The copy fallback runs only where symbolic links are not allowed (Windows without Developer Mode); Linux test machines always allow them.")]
    private static void CreateLink(string link, string relativeTarget, string blob)
    {
        try
        {
            File.CreateSymbolicLink(link, relativeTarget);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            // As huggingface_hub does without symlink support: the snapshot holds its own copy.
            File.Copy(blob, link, overwrite: true);
        }
    }

    private string RefPath(string revision) => Path.Combine([Root, "refs", .. revision.Split('/')]);

    [GeneratedRegex("^[0-9a-f]{40}$")]
    private static partial Regex CommitPattern();
}

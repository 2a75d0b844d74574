using Wick.Core.Models;
using Wick.Hub.Cache;
using Wick.Hub.Download;
using Wick.Hub.Errors;
using Wick.Hub.Files;
using Wick.Hub.Http;
using Wick.Hub.Locking;

namespace Wick.Hub;

/// <summary>
/// Model management on the Hugging Face cache: pull (resolve a revision, select files, download and verify them into
/// the shared cache layout), look up what is cached, install a lock file, list, verify and remove. What
/// <c>huggingface-cli</c> downloaded is reused and vice versa. With <see cref="HubOptions.Offline"/> nothing touches the
/// network.
/// </summary>
public sealed class ModelStore : IDisposable
{
    private readonly HubOptions options;
    private readonly HubClient client;
    private readonly BlobDownloader downloader;

    public ModelStore(HubOptions options)
        : this(options, TimeProvider.System)
    {
    }

    internal ModelStore(HubOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        client = new HubClient(options);
        downloader = new BlobDownloader(client, options, time);
    }

    /// <summary>
    /// Resolves <paramref name="model"/>'s revision on the hub, picks its files (see <c>--file</c>: quant tag, glob or
    /// path; without one the repository's only GGUF model) and brings each into the cache, reusing blobs already there.
    /// A glob may pick several models; anything else must pick exactly one. Offline, answers from the cache or raises
    /// <see cref="ModelNotCachedException"/>.
    /// </summary>
    public async Task<PullResult> PullAsync(ModelReference model, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        var allowMany = model.Selector is not null && Glob.IsPattern(model.Selector);
        var cache = Repo(model.RepoId);
        if (options.Offline)
        {
            return FromCache(cache, model, allowMany) ?? throw NotCached(model, "HF_HUB_OFFLINE is set, so nothing can be downloaded");
        }

        var revision = model.EffectiveRevision;
        var listing = await client.GetRevisionAsync(model.RepoId, revision, cancellationToken).ConfigureAwait(false);
        var groups = ModelFileSelector.Select(model.RepoId, revision, listing.Files.Select(f => f.Path).ToList(), model.Selector, allowMany);
        if (groups.FirstOrDefault(g => !g.IsComplete) is { } incomplete)
        {
            throw ModelFileSelector.Incomplete(model.RepoId, revision, incomplete);
        }

        var files = new List<PulledFile>();
        foreach (var path in groups.SelectMany(g => g.Paths))
        {
            var remote = await client.CompleteAsync(model.RepoId, listing.Commit, listing.Files.First(f => f.Path == path), cancellationToken).ConfigureAwait(false);
            files.Add(await FetchAsync(cache, listing.Commit, path, remote.Etag, remote.Size, progress, cancellationToken).ConfigureAwait(false));
        }

        cache.WriteRef(revision, listing.Commit);
        return new PullResult(model.RepoId, revision, listing.Commit, files, cache.SnapshotPath(listing.Commit, groups[0].PrimaryPath));
    }

    /// <summary>The cached model <paramref name="model"/> names, with no network request: its revision must be a commit
    /// or a ref this cache recorded, and every file (every shard) must be present. Null when it is not cached; an
    /// ambiguous selector raises <see cref="ModelSelectionException"/> as it would on the hub.</summary>
    public PullResult? FindCached(ModelReference model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return FromCache(Repo(model.RepoId), model, allowMany: false);
    }

    /// <summary>Installs one lock entry exactly: a repository file is checked in place; a hub file is taken from the
    /// cache when its blob is there, else downloaded at the pinned commit after checking that the hub still publishes
    /// the pinned sha256 and size. Any difference raises <see cref="ModelLockException"/>.</summary>
    public async Task<LockedInstall> InstallLockedAsync(ModelLockEntry entry, string lockDirectory, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.HubRepoId is not { } repoId)
        {
            return new LockedInstall(entry, LockedModels.VerifyRepositoryFile(entry, lockDirectory), Downloaded: false);
        }

        var commit = entry.Revision ?? throw new ModelLockException($"Lock entry '{entry.Name}' for '{repoId}' pins no revision; a hub entry must pin a commit hash.");
        var cache = Repo(repoId);
        var local = cache.SnapshotPath(commit, entry.File);
        var blob = Path.GetFullPath(cache.BlobPath(entry.Sha256));
        if (RepoCache.HasContent(local) && cache.ResolveEntry(commit, entry.File) == blob && new FileInfo(blob).Length == entry.Size)
        {
            return new LockedInstall(entry, local, Downloaded: false);
        }

        if (options.Offline)
        {
            throw NotCached(new ModelReference(repoId, entry.File, commit), "HF_HUB_OFFLINE is set, so nothing can be downloaded");
        }

        var listing = await client.GetRevisionAsync(repoId, commit, cancellationToken).ConfigureAwait(false);
        var listed = listing.Files.FirstOrDefault(f => f.Path == entry.File)
            ?? throw new ModelLockException($"The lock pins '{entry.File}' of '{repoId}' at {commit}, but the hub has no such file at that commit.");
        var remote = await client.CompleteAsync(repoId, commit, listed, cancellationToken).ConfigureAwait(false);
        if (remote.Etag != entry.Sha256 || remote.Size != entry.Size)
        {
            throw new ModelLockException(
                $"The lock pins '{entry.File}' of '{repoId}' at {commit} to sha256 {entry.Sha256} ({entry.Size} bytes), but the hub publishes {remote.Etag} ({remote.Size} bytes). Nothing was installed; update the lock deliberately if the new file is wanted.");
        }

        var pulled = await FetchAsync(cache, commit, entry.File, entry.Sha256, entry.Size, progress, cancellationToken).ConfigureAwait(false);
        return new LockedInstall(entry, pulled.LocalPath, pulled.Downloaded);
    }

    /// <summary>Lock entries for the files of a pull, keyed by their sha256 (computed for non-LFS files).</summary>
    public static IReadOnlyList<ModelLockEntry> ToLockEntries(PullResult pull)
    {
        ArgumentNullException.ThrowIfNull(pull);
        return pull.Files.Select(f => new ModelLockEntry
        {
            Name = Path.GetFileNameWithoutExtension(f.Path),
            Source = ModelLockEntry.HubSourcePrefix + pull.RepoId,
            Revision = pull.Commit,
            File = f.Path,
            Sha256 = BlobHash.IsSha256(f.Etag) ? f.Etag : ModelIntegrity.ComputeSha256(f.BlobPath),
            Size = f.Size,
        }).ToList();
    }

    /// <summary>Every file of every snapshot of every cached model repository.</summary>
    public IReadOnlyList<CachedModelFile> List()
    {
        var files = new List<CachedModelFile>();
        foreach (var cache in Repos())
        {
            var refs = cache.ReadRefs();
            foreach (var commit in cache.ListCommits())
            {
                var names = refs.Where(r => r.Commit == commit).Select(r => r.Name).ToList();
                foreach (var path in cache.ListSnapshotEntries(commit))
                {
                    var local = cache.SnapshotPath(commit, path);
                    var present = RepoCache.HasContent(local);
                    files.Add(new CachedModelFile(cache.RepoId, commit, names, path, local, present ? new FileInfo(cache.ResolveEntry(commit, path)).Length : 0, present));
                }
            }
        }

        return files;
    }

    /// <summary>Re-hashes every blob of the cached repositories (or of <paramref name="repoId"/> only) against its name,
    /// and reports links whose blob is gone.</summary>
    public async Task<VerifyReport> VerifyAsync(string? repoId, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var repos = repoId is null ? Repos() : [ExistingRepo(repoId)];
        var checks = new List<BlobCheck>();
        foreach (var cache in repos)
        {
            var users = BlobUsers(cache);
            foreach (var blob in BlobFiles(cache).Where(b => !b.EndsWith(".incomplete", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            {
                var etag = Path.GetFileName(blob);
                var usedBy = users.GetValueOrDefault(blob, []);
                if (!BlobHash.IsVerifiable(etag))
                {
                    checks.Add(new BlobCheck(cache.RepoId, blob, BlobStatus.Unverifiable, null, usedBy));
                    continue;
                }

                var size = new FileInfo(blob).Length;
                var label = usedBy.Count > 0 ? usedBy[0] : etag;
                progress?.Report(new DownloadProgress(cache.RepoId, label, DownloadStage.Verifying, 0, size, 0, null));
                var actual = await BlobHash.ComputeAsync(blob, etag, done => progress?.Report(new DownloadProgress(cache.RepoId, label, DownloadStage.Verifying, done, size, 0, null)), cancellationToken).ConfigureAwait(false);
                checks.Add(new BlobCheck(cache.RepoId, blob, actual == etag ? BlobStatus.Ok : BlobStatus.Corrupt, actual, usedBy));
            }

            checks.AddRange(users.Where(u => !File.Exists(u.Key)).Select(u => new BlobCheck(cache.RepoId, u.Key, BlobStatus.Missing, null, u.Value)));
        }

        return new VerifyReport(checks);
    }

    /// <summary>
    /// Removes a cached model: without selector and revision the whole repository folder (and its locks); with a
    /// revision, that snapshot; with a selector, the files it picks (in that snapshot, or in every snapshot). Blobs no
    /// snapshot links to any more are deleted, and a repository left with no files is removed entirely.
    /// </summary>
    public RemoveResult Remove(ModelReference model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var cache = ExistingRepo(model.RepoId);
        if (model.Selector is null && model.Revision is null)
        {
            var all = cache.ListCommits().SelectMany(c => cache.ListSnapshotEntries(c)).Distinct(StringComparer.Ordinal).ToList();
            var bytes = Bytes(BlobFiles(cache));
            DeleteRepo(cache);
            return new RemoveResult(model.RepoId, all, bytes);
        }

        var commits = model.Revision is null
            ? cache.ListCommits()
            : [cache.FindCommit(model.Revision) is { } c && Directory.Exists(Path.Combine(cache.SnapshotsDirectory, c))
                ? c
                : throw new ModelNotFoundException(ModelNotFoundKind.Revision, $"Revision '{model.Revision}' of '{model.RepoId}' is not in the cache at {options.CacheDirectory}.")];
        var removed = new List<string>();
        foreach (var commit in commits)
        {
            var entries = cache.ListSnapshotEntries(commit);
            var picked = model.Selector is { } selector ? PickForRemoval(model.RepoId, selector, commit, entries) : entries;
            foreach (var path in picked)
            {
                File.Delete(cache.SnapshotPath(commit, path));
                removed.Add(path);
            }

            DeleteEmptyFolders(Path.Combine(cache.SnapshotsDirectory, commit));
            if (!Directory.Exists(Path.Combine(cache.SnapshotsDirectory, commit)))
            {
                cache.DeleteRefsTo(commit);
            }
        }

        if (removed.Count == 0)
        {
            throw new ModelNotFoundException(ModelNotFoundKind.File, $"No cached file of '{model.RepoId}' matches '{model.Selector}'; `wick models list` shows what is cached.");
        }

        var used = BlobUsers(cache).Keys.ToHashSet(StringComparer.Ordinal);
        var unused = BlobFiles(cache).Where(b => !used.Contains(b)).ToList();
        var freed = Bytes(unused);
        foreach (var blob in unused)
        {
            File.Delete(blob);
        }

        if (used.Count == 0)
        {
            DeleteRepo(cache);
        }

        return new RemoveResult(model.RepoId, removed, freed);
    }

    public void Dispose() => client.Dispose();

    private async Task<PulledFile> FetchAsync(RepoCache cache, string commit, string path, string etag, long size, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var downloaded = await downloader.EnsureBlobAsync(cache, commit, path, etag, size, progress, cancellationToken).ConfigureAwait(false);
        var local = cache.LinkSnapshot(commit, path, etag);
        return new PulledFile(path, local, cache.BlobPath(etag), etag, size, downloaded);
    }

    private static PullResult? FromCache(RepoCache cache, ModelReference model, bool allowMany)
    {
        var revision = model.EffectiveRevision;
        var commit = cache.FindCommit(revision);
        if (commit is null)
        {
            return null;
        }

        var present = cache.ListSnapshotFiles(commit);
        if (present.Count == 0)
        {
            return null;
        }

        IReadOnlyList<ModelFileGroup> groups;
        try
        {
            groups = ModelFileSelector.Select(model.RepoId, revision, present, model.Selector, allowMany);
        }
        catch (ModelNotFoundException)
        {
            return null;
        }

        if (groups.Any(g => !g.IsComplete))
        {
            return null;
        }

        var files = groups.SelectMany(g => g.Paths).Select(path =>
        {
            var blob = cache.ResolveEntry(commit, path);
            return new PulledFile(path, cache.SnapshotPath(commit, path), blob, Path.GetFileName(blob), new FileInfo(blob).Length, Downloaded: false);
        }).ToList();
        return new PullResult(model.RepoId, revision, commit, files, cache.SnapshotPath(commit, groups[0].PrimaryPath));
    }

    private static IReadOnlyList<string> PickForRemoval(string repoId, string selector, string commit, IReadOnlyList<string> entries)
    {
        try
        {
            return ModelFileSelector.Select(repoId, commit, entries, selector, allowMany: Glob.IsPattern(selector))
                .SelectMany(g => g.Paths)
                .ToList();
        }
        catch (ModelNotFoundException)
        {
            // This snapshot does not hold it; another may.
            return [];
        }
    }

    private ModelNotCachedException NotCached(ModelReference model, string why) =>
        new($"Model '{model}' is not in the cache at {options.CacheDirectory}, and {why}: run `wick models pull {model.RepoId}{(model.Selector is null ? string.Empty : " --file " + model.Selector)}{(model.Revision is null ? string.Empty : " --revision " + model.Revision)}` where the hub is reachable (or unset HF_HUB_OFFLINE).");

    private RepoCache Repo(string repoId) => new(options.CacheDirectory, repoId);

    private RepoCache ExistingRepo(string repoId)
    {
        var cache = Repo(repoId);
        return Directory.Exists(cache.Root)
            ? cache
            : throw new ModelNotFoundException(ModelNotFoundKind.Repository, $"'{repoId}' is not in the cache at {options.CacheDirectory}; `wick models list` shows what is cached.");
    }

    private List<RepoCache> Repos() =>
        Directory.Exists(options.CacheDirectory)
            ? Directory.EnumerateDirectories(options.CacheDirectory, "models--*")
                .Select(d => RepoCache.RepoIdFromFolder(Path.GetFileName(d)))
                .OfType<string>()
                .Order(StringComparer.Ordinal)
                .Select(Repo)
                .ToList()
            : [];

    /// <summary>Blob full path → the snapshot paths (<c>commit/path</c>) that link to it.</summary>
    private static Dictionary<string, List<string>> BlobUsers(RepoCache cache)
    {
        var users = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var commit in cache.ListCommits())
        {
            foreach (var path in cache.ListSnapshotEntries(commit))
            {
                var blob = cache.ResolveEntry(commit, path);
                if (Path.GetDirectoryName(blob) == Path.GetFullPath(cache.BlobsDirectory))
                {
                    users.TryAdd(blob, []);
                    users[blob].Add(commit + "/" + path);
                }
            }
        }

        return users;
    }

    private static List<string> BlobFiles(RepoCache cache) =>
        Directory.Exists(cache.BlobsDirectory) ? Directory.EnumerateFiles(cache.BlobsDirectory).Select(Path.GetFullPath).ToList() : [];

    private static long Bytes(IEnumerable<string> files) => files.Sum(f => new FileInfo(f).Length);

    private static void DeleteRepo(RepoCache cache)
    {
        Directory.Delete(cache.Root, recursive: true);
        if (Directory.Exists(cache.LocksRoot))
        {
            Directory.Delete(cache.LocksRoot, recursive: true);
        }
    }

    private static void DeleteEmptyFolders(string folder)
    {
        foreach (var child in Directory.EnumerateDirectories(folder))
        {
            DeleteEmptyFolders(child);
        }

        if (!Directory.EnumerateFileSystemEntries(folder).Any())
        {
            Directory.Delete(folder);
        }
    }
}

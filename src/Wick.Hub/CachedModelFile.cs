namespace Wick.Hub;

/// <summary>One file in a snapshot of the cache. <paramref name="Refs"/> are the branches or tags that point at the
/// snapshot's commit; <paramref name="Present"/> is false when the link's blob is gone.</summary>
public sealed record CachedModelFile(string RepoId, string Commit, IReadOnlyList<string> Refs, string Path, string LocalPath, long Size, bool Present);

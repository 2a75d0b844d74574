namespace Wick.Hub;

/// <summary>What <c>wick models rm</c> removed: the snapshot paths unlinked and the bytes of blobs deleted.</summary>
public sealed record RemoveResult(string RepoId, IReadOnlyList<string> RemovedPaths, long BytesFreed);

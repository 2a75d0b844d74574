namespace Wick.Hub.Http;

/// <summary>What a revision of a repository resolved to: the commit and its files.</summary>
internal sealed record RepoRevision(string RepoId, string Revision, string Commit, IReadOnlyList<RemoteFile> Files);

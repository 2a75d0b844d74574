namespace Wick.Hub.Http;

/// <summary>A file of a repository at a commit. <paramref name="Etag"/> is what the hub uses as its ETag and the cache
/// uses as the blob's name: the content's sha256 for LFS files, the git blob sha1 otherwise (lower-case hex); null with
/// <paramref name="Size"/> when the listing did not say, and a HEAD request must.</summary>
internal sealed record RemoteFile(string Path, string? Etag, long? Size);

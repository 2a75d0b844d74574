namespace Wick.Hub.Http;

/// <summary>A file's content identity as the hub publishes it: the ETag (sha256 for LFS, git sha1 otherwise) and size.</summary>
internal sealed record RemoteBlob(string Etag, long Size);

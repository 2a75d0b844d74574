namespace Wick.Hub;

/// <summary>One file of a pulled model. <paramref name="LocalPath"/> is its snapshot path (what to open; split shards
/// sit side by side there), <paramref name="BlobPath"/> the content-addressed file it links to.</summary>
public sealed record PulledFile(string Path, string LocalPath, string BlobPath, string Etag, long Size, bool Downloaded);

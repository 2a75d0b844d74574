namespace Wick.Hub;

/// <summary>One blob's verification. <paramref name="UsedBy"/> lists the snapshot paths that link to it, so a report
/// can name the model files affected; <paramref name="ActualHash"/> is what the content hashed to (null when not read).</summary>
public sealed record BlobCheck(string RepoId, string BlobPath, BlobStatus Status, string? ActualHash, IReadOnlyList<string> UsedBy);

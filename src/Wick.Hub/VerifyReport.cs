namespace Wick.Hub;

/// <summary>The result of re-hashing the cache.</summary>
public sealed record VerifyReport(IReadOnlyList<BlobCheck> Checks)
{
    /// <summary>No blob is corrupt and no link points at a missing blob.</summary>
    public bool IsHealthy => Checks.All(c => c.Status is BlobStatus.Ok or BlobStatus.Unverifiable);
}

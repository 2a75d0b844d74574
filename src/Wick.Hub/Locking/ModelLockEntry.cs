namespace Wick.Hub.Locking;

/// <summary>
/// One pinned model file in <c>models.lock.json</c>. <see cref="Source"/> is <c>repo</c> for a file kept in this
/// repository (<see cref="File"/> relative to the lock file's folder), or <c>hf:owner/repo</c> for a file on the hub
/// (<see cref="File"/> is its path in that repository and <see cref="Revision"/> the commit it is pinned to).
/// </summary>
public sealed record ModelLockEntry
{
    /// <summary>The <see cref="Source"/> of files kept in this repository.</summary>
    public const string RepositorySource = "repo";

    /// <summary>The prefix of <see cref="Source"/> for files on the hub.</summary>
    public const string HubSourcePrefix = "hf:";

    public required string Name { get; init; }

    public required string Source { get; init; }

    /// <summary>The 40-hex commit a hub file is pinned to; null for repository files.</summary>
    public string? Revision { get; init; }

    public required string File { get; init; }

    /// <summary>Lower-case hex sha256 of the file's content.</summary>
    public required string Sha256 { get; init; }

    /// <summary>Size in bytes.</summary>
    public long Size { get; init; }

    /// <summary>The hub repository (<c>owner/repo</c>) of a hub entry; null for repository files.</summary>
    public string? HubRepoId => Source.StartsWith(HubSourcePrefix, StringComparison.Ordinal) ? Source[HubSourcePrefix.Length..] : null;
}

namespace Wick.Hub;

/// <summary>The verdict on one cached blob.</summary>
public enum BlobStatus
{
    /// <summary>The content hashes to the blob's name.</summary>
    Ok,

    /// <summary>The content does not hash to the blob's name: the file was damaged after download.</summary>
    Corrupt,

    /// <summary>A snapshot links to a blob that is not there.</summary>
    Missing,

    /// <summary>The blob's name is not a sha256 or git sha1, so there is nothing to check it against.</summary>
    Unverifiable,
}

using System.Text.Json.Serialization;

namespace Wick.Hub.Http;

/// <summary><c>GET /api/models/{repo}/revision/{rev}?blobs=true</c>: the commit and, per file, its size, git blob id and,
/// for LFS files, the sha256 of the content.</summary>
internal sealed record RevisionInfo
{
    public string? Sha { get; init; }

    public List<SiblingInfo>? Siblings { get; init; }
}

internal sealed record SiblingInfo
{
    public required string Rfilename { get; init; }

    public long? Size { get; init; }

    public string? BlobId { get; init; }

    public LfsInfo? Lfs { get; init; }
}

internal sealed record LfsInfo
{
    public string? Sha256 { get; init; }

    public long? Size { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(RevisionInfo))]
internal sealed partial class HubApiJsonContext : JsonSerializerContext;

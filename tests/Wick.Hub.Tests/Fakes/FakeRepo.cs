using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Wick.Hub.Tests.Fakes;

/// <summary>A repository on the fake hub: one commit, its files, and the branches that point at it.</summary>
internal sealed class FakeRepo(string id)
{
    public string Id { get; } = id;

    public string Commit { get; set; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));

    public ConcurrentDictionary<string, FakeFile> Files { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, string> Branches { get; } = new(StringComparer.Ordinal);

    /// <summary>Only requests with the hub's token may see it.</summary>
    public bool Private { get; set; }

    /// <summary>The status a private repository answers without the right token (401, or 403 as for a gated model).</summary>
    public int DeniedStatus { get; set; } = 401;

    public FakeFile Add(string path, byte[] content, bool lfs = true)
    {
        var file = new FakeFile(path, content, lfs);
        Files[path] = file;
        return file;
    }

    /// <summary>Deterministic pseudo-random content of <paramref name="size"/> bytes.</summary>
    public FakeFile Add(string path, int size, int seed, bool lfs = true)
    {
        var content = new byte[size];
        new Random(seed).NextBytes(content);
        return Add(path, content, lfs);
    }

    public string? ResolveRevision(string revision) =>
        revision == Commit ? Commit : Branches.TryGetValue(revision, out var commit) ? commit : revision == "main" ? Commit : null;
}

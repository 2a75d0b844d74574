namespace Wick.Hub;

/// <summary>What a pull (or a cache lookup) produced. <paramref name="PrimaryPath"/> is the file to load: the model
/// file, or shard 1 of a split model, whose siblings llama.cpp finds beside it.</summary>
public sealed record PullResult(string RepoId, string Revision, string Commit, IReadOnlyList<PulledFile> Files, string PrimaryPath);

namespace Wick.Hub.Files;

/// <summary>One loadable model in a repository: a single file, or every shard of a split GGUF in shard order.</summary>
/// <param name="Name">How to show it: the file's path, or <c>prefix-*-of-00003.gguf</c> for a split.</param>
/// <param name="Paths">The files, shard 1 first; for an incomplete split only the shards that exist.</param>
/// <param name="MissingPaths">Shards a split needs that are not there (empty when complete).</param>
internal sealed record ModelFileGroup(string Name, IReadOnlyList<string> Paths, IReadOnlyList<string> MissingPaths)
{
    public bool IsComplete => MissingPaths.Count == 0;

    /// <summary>The file to hand to llama.cpp: the only file, or shard 1.</summary>
    public string PrimaryPath => Paths[0];
}

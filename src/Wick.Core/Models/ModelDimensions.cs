namespace Wick.Core.Models;

/// <summary>The hyper-parameters recorded in a model manifest.</summary>
public sealed record ModelDimensions(
    int Vocab,
    int Context,
    int Embedding,
    int Blocks,
    int Heads,
    int KvHeads,
    int FeedForward);

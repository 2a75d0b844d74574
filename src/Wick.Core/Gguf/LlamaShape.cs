namespace Wick.Core.Gguf;

/// <summary>The hyper-parameters of a llama-architecture model, as llama.cpp reads them from llama.* keys.</summary>
public sealed record LlamaShape(
    int VocabSize,
    int ContextLength,
    int EmbeddingLength,
    int BlockCount,
    int HeadCount,
    int HeadCountKv,
    int FeedForwardLength,
    float RmsNormEpsilon = 1e-5f,
    float RopeFreqBase = 10000f)
{
    /// <summary>The width of one attention head (0 for a shape without heads, so an invalid shape still prints).</summary>
    public int HeadDimension => HeadCount > 0 ? EmbeddingLength / HeadCount : 0;

    /// <summary>The width of the K and V projections (grouped-query attention shares them across heads).</summary>
    public int KvEmbeddingLength => HeadDimension * HeadCountKv;

    /// <summary>Throws <see cref="ArgumentException"/> unless llama.cpp could build a model of this shape.</summary>
    public void Validate()
    {
        if (VocabSize <= 0 || ContextLength <= 0 || EmbeddingLength <= 0 || BlockCount <= 0 || HeadCount <= 0
            || HeadCountKv <= 0 || FeedForwardLength <= 0)
        {
            throw new ArgumentException($"Every size of a llama shape must be positive: {this}.");
        }

        if (EmbeddingLength % HeadCount != 0 || HeadDimension % 2 != 0 || HeadCount % HeadCountKv != 0)
        {
            throw new ArgumentException($"The embedding must split into heads of even width and the heads into KV groups: {this}.");
        }
    }
}

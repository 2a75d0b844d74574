namespace Wick.Training;

/// <summary>
/// The shape of the tiny llama the trainer builds. Key/value heads equal query heads (no grouped-query attention), so
/// every projection is <see cref="EmbeddingLength"/> wide.
/// </summary>
public sealed record TinyLlamaConfig(
    int VocabSize = 258,
    int EmbeddingLength = 64,
    int LayerCount = 2,
    int HeadCount = 4,
    int FeedForwardLength = 256,
    int ContextLength = 64,
    float RmsNormEpsilon = 1e-5f,
    float RopeFreqBase = 10000f)
{
    /// <summary>The configuration of the shipped model (ENGINE-NOTES "Training the tiny model here").</summary>
    public static TinyLlamaConfig Default { get; } = new();

    /// <summary>Width of one attention head.</summary>
    public int HeadDimension => EmbeddingLength / HeadCount;

    /// <summary>Total number of trainable parameters.</summary>
    public long ParameterCount =>
        (2L * VocabSize * EmbeddingLength) + EmbeddingLength
        + (LayerCount * ((2L * EmbeddingLength) + (4L * EmbeddingLength * EmbeddingLength) + (3L * EmbeddingLength * FeedForwardLength)));

    /// <summary>Throws when the shape cannot be built (head width must be even for rotary pairs).</summary>
    public void Validate()
    {
        if (VocabSize < 1 || EmbeddingLength < 1 || LayerCount < 1 || HeadCount < 1 || FeedForwardLength < 1 || ContextLength < 2)
        {
            throw new ArgumentException($"Every dimension must be positive: {this}.");
        }

        if (EmbeddingLength % HeadCount != 0 || HeadDimension % 2 != 0)
        {
            throw new ArgumentException($"EmbeddingLength {EmbeddingLength} must split into {HeadCount} heads of even width.");
        }
    }
}

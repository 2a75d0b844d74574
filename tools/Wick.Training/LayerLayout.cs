namespace Wick.Training;

/// <summary>The offsets of one transformer block's tensors in the flat parameter array.</summary>
internal sealed record LayerLayout(
    ParameterTensor AttentionNorm,
    ParameterTensor Query,
    ParameterTensor Key,
    ParameterTensor Value,
    ParameterTensor AttentionOutput,
    ParameterTensor FeedForwardNorm,
    ParameterTensor Gate,
    ParameterTensor Up,
    ParameterTensor Down);

namespace Wick.Training;

/// <summary>
/// Where each llama.cpp tensor lives in one flat float array. Parameters, gradients and optimizer moments all share this
/// layout, so the optimizer and the gradient sums work on whole arrays.
/// </summary>
public sealed class ParameterLayout
{
    private readonly List<ParameterTensor> tensors = [];

    /// <summary>Lays out the tensors of <paramref name="config"/> in GGUF order.</summary>
    public ParameterLayout(TinyLlamaConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        int d = config.EmbeddingLength, f = config.FeedForwardLength;
        TokenEmbedding = AddMatrix("token_embd.weight", config.VocabSize, d);
        var layers = new LayerLayout[config.LayerCount];
        for (var l = 0; l < config.LayerCount; l++)
        {
            layers[l] = new LayerLayout(
                AttentionNorm: AddVector($"blk.{l}.attn_norm.weight", d),
                Query: AddMatrix($"blk.{l}.attn_q.weight", d, d),
                Key: AddMatrix($"blk.{l}.attn_k.weight", d, d),
                Value: AddMatrix($"blk.{l}.attn_v.weight", d, d),
                AttentionOutput: AddMatrix($"blk.{l}.attn_output.weight", d, d),
                FeedForwardNorm: AddVector($"blk.{l}.ffn_norm.weight", d),
                Gate: AddMatrix($"blk.{l}.ffn_gate.weight", f, d),
                Up: AddMatrix($"blk.{l}.ffn_up.weight", f, d),
                Down: AddMatrix($"blk.{l}.ffn_down.weight", d, f));
        }

        Layers = layers;
        OutputNorm = AddVector("output_norm.weight", d);
        Output = AddMatrix("output.weight", config.VocabSize, d);
    }

    /// <summary>The model shape.</summary>
    public TinyLlamaConfig Config { get; }

    /// <summary>All tensors in file order.</summary>
    public IReadOnlyList<ParameterTensor> Tensors => tensors;

    /// <summary>Total number of floats.</summary>
    public int Size { get; private set; }

    internal ParameterTensor TokenEmbedding { get; }

    internal IReadOnlyList<LayerLayout> Layers { get; }

    internal ParameterTensor OutputNorm { get; }

    internal ParameterTensor Output { get; }

    private ParameterTensor AddMatrix(string name, int rows, int columns) => Add(name, rows, columns, isMatrix: true);

    private ParameterTensor AddVector(string name, int length) => Add(name, 1, length, isMatrix: false);

    private ParameterTensor Add(string name, int rows, int columns, bool isMatrix)
    {
        var tensor = new ParameterTensor(name, Size, rows, columns, isMatrix);
        tensors.Add(tensor);
        Size += tensor.Length;
        return tensor;
    }
}

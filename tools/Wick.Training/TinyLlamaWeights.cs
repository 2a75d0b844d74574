namespace Wick.Training;

/// <summary>
/// The parameters of a tiny llama in one flat array (<see cref="ParameterLayout"/>), plus a transposed copy of every
/// matrix (<c>[in, out]</c>) that the forward pass multiplies by. Call <see cref="RefreshTransposed"/> after changing
/// <see cref="Values"/>.
/// </summary>
public sealed class TinyLlamaWeights
{
    /// <summary>Wraps existing values (copied into nothing: the array is used as is).</summary>
    public TinyLlamaWeights(ParameterLayout layout, float[] values)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != layout.Size)
        {
            throw new ArgumentException($"Expected {layout.Size} values, got {values.Length}.", nameof(values));
        }

        Layout = layout;
        Values = values;
        Transposed = new float[layout.Size];
        RefreshTransposed();
    }

    /// <summary>Where each tensor lives.</summary>
    public ParameterLayout Layout { get; }

    /// <summary>The parameters, each matrix row-major <c>[out, in]</c> (ggml order, as written to GGUF).</summary>
    public float[] Values { get; }

    /// <summary>Each matrix as row-major <c>[in, out]</c>; vectors copied unchanged.</summary>
    internal float[] Transposed { get; }

    /// <summary>
    /// Random initial weights: matrices ~ N(0, <paramref name="std"/>²) (the two residual projections scaled by
    /// 1/sqrt(2·layers)), norm weights 1.
    /// </summary>
    public static TinyLlamaWeights Initialize(TinyLlamaConfig config, ulong seed, float std = 0.02f)
    {
        var layout = new ParameterLayout(config);
        var values = new float[layout.Size];
        var rng = new SplitMix64(seed);
        var residualStd = std / MathF.Sqrt(2f * config.LayerCount);
        foreach (var tensor in layout.Tensors)
        {
            var span = values.AsSpan(tensor.Offset, tensor.Length);
            if (!tensor.IsMatrix)
            {
                span.Fill(1f);
                continue;
            }

            var isResidual = tensor.Name.EndsWith("attn_output.weight", StringComparison.Ordinal)
                || tensor.Name.EndsWith("ffn_down.weight", StringComparison.Ordinal);
            var s = isResidual ? residualStd : std;
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = (float)(rng.NextGaussian() * s);
            }
        }

        return new TinyLlamaWeights(layout, values);
    }

    /// <summary>Recomputes <see cref="Transposed"/> from <see cref="Values"/>.</summary>
    public void RefreshTransposed()
    {
        foreach (var t in Layout.Tensors)
        {
            if (!t.IsMatrix)
            {
                Array.Copy(Values, t.Offset, Transposed, t.Offset, t.Length);
                continue;
            }

            var src = Values.AsSpan(t.Offset, t.Length);
            var dst = Transposed.AsSpan(t.Offset, t.Length);
            for (var r = 0; r < t.Rows; r++)
            {
                var row = src.Slice(r * t.Columns, t.Columns);
                for (var c = 0; c < t.Columns; c++)
                {
                    dst[(c * t.Rows) + r] = row[c];
                }
            }
        }
    }

    /// <summary>The values of one tensor.</summary>
    public ReadOnlyMemory<float> Tensor(ParameterTensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return Values.AsMemory(tensor.Offset, tensor.Length);
    }
}

namespace Wick.Training;

/// <summary>
/// Rotary position embedding in llama.cpp's layout for arch <c>llama</c> (rope type NORM): each head rotates adjacent
/// pairs <c>(x[2i], x[2i+1])</c> by <c>pos · base^(-2i/headDim)</c>. The angles are computed the way ggml does (float,
/// a running product of the per-pair scale), so trained weights go into the GGUF unchanged.
/// </summary>
internal sealed class RotaryTable
{
    private readonly float[] cos;
    private readonly float[] sin;
    private readonly int half;

    public RotaryTable(int positions, int headDimension, float freqBase)
    {
        half = headDimension / 2;
        cos = new float[positions * half];
        sin = new float[positions * half];
        var thetaScale = MathF.Pow(freqBase, -2.0f / headDimension);
        for (var p = 0; p < positions; p++)
        {
            var theta = (float)p;
            for (var i = 0; i < half; i++)
            {
                cos[(p * half) + i] = MathF.Cos(theta);
                sin[(p * half) + i] = MathF.Sin(theta);
                theta *= thetaScale;
            }
        }
    }

    public int Positions => cos.Length / half;

    /// <summary>Rotates every head of one row in place (<paramref name="inverse"/> rotates back: the backward pass).</summary>
    public void Apply(Span<float> row, int position, bool inverse)
    {
        var c = cos.AsSpan(position * half, half);
        var s = sin.AsSpan(position * half, half);
        var headDim = 2 * half;
        for (var h = 0; h < row.Length; h += headDim)
        {
            var head = row.Slice(h, headDim);
            for (var i = 0; i < half; i++)
            {
                var x0 = head[2 * i];
                var x1 = head[(2 * i) + 1];
                var si = inverse ? -s[i] : s[i];
                head[2 * i] = (x0 * c[i]) - (x1 * si);
                head[(2 * i) + 1] = (x0 * si) + (x1 * c[i]);
            }
        }
    }
}

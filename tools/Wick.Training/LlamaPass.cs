using System.Numerics;
using System.Numerics.Tensors;

namespace Wick.Training;

/// <summary>
/// The forward and hand-written backward pass of the tiny llama over a packed set of sequences, with all activations
/// kept for the backward pass. One instance per worker: it owns its buffers and is not thread-safe.
/// Math (per block): <c>h = x + Wo·attn(rope(Wq·n), rope(Wk·n), Wv·n)</c> with <c>n = rmsnorm(x)·g1</c>, then
/// <c>y = h + Wd·(silu(Wg·m) ⊙ Wu·m)</c> with <c>m = rmsnorm(h)·g2</c>; logits <c>= Wout·(rmsnorm(x_L)·gf)</c>, computed only
/// at the rows that carry a target (or whose logits are asked for).
/// </summary>
internal sealed class LlamaPass
{
    private readonly TinyLlamaConfig config;
    private readonly ParameterLayout layout;
    private readonly RotaryTable rope;
    private readonly int d;
    private readonly int f;
    private readonly int heads;
    private readonly int headDim;
    private readonly float attentionScale;
    private readonly LayerBuffers[] layer;

    // Packed batch.
    private int rows;
    private int[] tokens = [];
    private int[] positions = [];
    private int[] sequenceStart = [];
    private int[] sequenceLength = [];
    private int sequenceCount;
    private bool training;
    private int outputs;
    private int[] outputRow = [];
    private int[] outputTarget = [];

    // Activations that are not per layer.
    private float[] final = [];       // x_L [rows, d]
    private float[] finalScale = [];  // [outputs]
    private float[] finalNorm = [];   // [outputs, d]
    private float[] logits = [];         // [outputs, vocab]
    private float[] probabilities = [];  // [outputs, vocab]: softmax, then dlogits in the backward pass

    // Backward scratch.
    private float[] dx = [];
    private float[] dn = [];
    private float[] dq = [];
    private float[] dk = [];
    private float[] dv = [];
    private float[] dattn = [];
    private float[] dh = [];
    private float[] dg = [];
    private float[] du = [];
    private float[] dFinalNorm = [];
    private float[] scratch = [];

    public LlamaPass(ParameterLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        this.layout = layout;
        config = layout.Config;
        d = config.EmbeddingLength;
        f = config.FeedForwardLength;
        heads = config.HeadCount;
        headDim = config.HeadDimension;
        attentionScale = 1f / MathF.Sqrt(headDim);
        rope = new RotaryTable(config.ContextLength, headDim, config.RopeFreqBase);
        layer = new LayerBuffers[config.LayerCount];
        for (var l = 0; l < layer.Length; l++)
        {
            layer[l] = new LayerBuffers();
        }
    }

    /// <summary>Number of rows with a target after the last <see cref="PackTraining"/>.</summary>
    public int TargetCount => outputs;

    /// <summary>Packs training sequences: inputs are all tokens but the last, targets are the answer tokens.</summary>
    public void PackTraining(IReadOnlyList<TrainingExample> examples, int start, int count)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var totalRows = 0;
        var totalOutputs = 0;
        for (var e = start; e < start + count; e++)
        {
            var ex = examples[e];
            CheckSequence(ex.Tokens.Length - 1);
            totalRows += ex.Tokens.Length - 1;
            totalOutputs += ex.Tokens.Length - ex.AnswerStart;
        }

        Reserve(totalRows, count, totalOutputs);
        training = true;
        rows = 0;
        outputs = 0;
        sequenceCount = 0;
        for (var e = start; e < start + count; e++)
        {
            var ex = examples[e];
            var length = ex.Tokens.Length - 1;
            AddSequence(ex.Tokens.AsSpan(0, length));
            for (var t = ex.AnswerStart; t < ex.Tokens.Length; t++)
            {
                outputRow[outputs] = rows - length + t - 1;
                outputTarget[outputs] = ex.Tokens[t];
                outputs++;
            }
        }
    }

    /// <summary>Packs one prompt whose last position's logits are wanted.</summary>
    public void PackPrompt(ReadOnlySpan<int> prompt)
    {
        CheckSequence(prompt.Length);
        Reserve(prompt.Length, 1, 1);
        training = false;
        rows = 0;
        sequenceCount = 0;
        AddSequence(prompt);
        outputs = 1;
        outputRow[0] = rows - 1;
        outputTarget[0] = -1;
    }

    /// <summary>
    /// Runs the forward pass. Returns the summed cross-entropy of the targets (0 when there are none) in double.
    /// Afterwards <see cref="OutputLogits"/> holds the logits (before any backward pass).
    /// </summary>
    public double Forward(TinyLlamaWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var w = weights.Values;
        var wt = weights.Transposed;
        var x = EmbedInto(layer[0].X, w);
        for (var l = 0; l < layer.Length; l++)
        {
            var lay = layout.Layers[l];
            var buf = layer[l];
            RmsNorm(x, buf.Scale1, buf.N1, w.AsSpan(lay.AttentionNorm.Offset, d), rows);
            Linear(lay.Query, wt, buf.N1, buf.Q);
            Linear(lay.Key, wt, buf.N1, buf.K);
            Linear(lay.Value, wt, buf.N1, buf.V);
            for (var r = 0; r < rows; r++)
            {
                rope.Apply(buf.Q.AsSpan(r * d, d), positions[r], inverse: false);
                rope.Apply(buf.K.AsSpan(r * d, d), positions[r], inverse: false);
            }

            AttentionForward(buf);
            Array.Copy(x, buf.X1, rows * d);
            Gemm.MultiplyAdd(rows, d, d, buf.Attn, d, 1, wt.AsSpan(lay.AttentionOutput.Offset, d * d), d, buf.X1, d);
            RmsNorm(buf.X1, buf.Scale2, buf.N2, w.AsSpan(lay.FeedForwardNorm.Offset, d), rows);
            Linear(lay.Gate, wt, buf.N2, buf.G);
            Linear(lay.Up, wt, buf.N2, buf.U);
            var n = rows * f;
            TensorPrimitives.Sigmoid(buf.G.AsSpan(0, n), buf.Sig.AsSpan(0, n));
            TensorPrimitives.Multiply(buf.G.AsSpan(0, n), buf.Sig.AsSpan(0, n), buf.H.AsSpan(0, n));
            TensorPrimitives.Multiply(buf.H.AsSpan(0, n), buf.U.AsSpan(0, n), buf.H.AsSpan(0, n));
            var next = l + 1 < layer.Length ? layer[l + 1].X : final;
            Array.Copy(buf.X1, next, rows * d);
            Gemm.MultiplyAdd(rows, d, f, buf.H, f, 1, wt.AsSpan(lay.Down.Offset, f * d), d, next, d);
            x = next;
        }

        // Final norm and logits at the output rows only.
        var gf = w.AsSpan(layout.OutputNorm.Offset, d);
        for (var o = 0; o < outputs; o++)
        {
            finalScale[o] = RmsNormRow(x.AsSpan(outputRow[o] * d, d), finalNorm.AsSpan(o * d, d), gf);
        }

        var vocab = config.VocabSize;
        Array.Clear(logits, 0, outputs * vocab);
        Gemm.MultiplyAdd(outputs, vocab, d, finalNorm, d, 1, wt.AsSpan(layout.Output.Offset, vocab * d), vocab, logits, vocab);

        var loss = 0.0;
        for (var o = 0; o < outputs; o++)
        {
            var target = outputTarget[o];
            if (target >= 0)
            {
                // Softmax kept for the backward pass; the loss is log Σ exp(z − max) − (z_target − max).
                var row = logits.AsSpan(o * vocab, vocab);
                var p = probabilities.AsSpan(o * vocab, vocab);
                var max = TensorPrimitives.Max(row);
                TensorPrimitives.Subtract(row, max, p);
                TensorPrimitives.Exp(p, p);
                var sum = TensorPrimitives.Sum(p);
                TensorPrimitives.Multiply(p, 1f / sum, p);
                loss += Math.Log(sum) - (row[target] - max);
            }
        }

        return loss;
    }

    /// <summary>The logits of output row <paramref name="index"/> after <see cref="Forward"/>.</summary>
    public ReadOnlySpan<float> OutputLogits(int index) => logits.AsSpan(index * config.VocabSize, config.VocabSize);

    /// <summary>
    /// Adds the gradient of <c>lossScale · Σ cross-entropy</c> to <paramref name="grad"/> (same layout as the
    /// parameters). Call after <see cref="Forward"/> on a training pack.
    /// </summary>
    public void Backward(TinyLlamaWeights weights, float[] grad, float lossScale)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(grad);
        if (!training)
        {
            throw new InvalidOperationException("Backward needs a training pack (PackTraining) and its Forward.");
        }

        var w = weights.Values;
        var vocab = config.VocabSize;

        // dlogits = (softmax − onehot) · scale, in place of the probabilities.
        for (var o = 0; o < outputs; o++)
        {
            var p = probabilities.AsSpan(o * vocab, vocab);
            TensorPrimitives.Multiply(p, lossScale, p);
            p[outputTarget[o]] -= lossScale;
        }

        var output = layout.Output;
        Gemm.MultiplyAdd(vocab, d, outputs, probabilities, 1, vocab, finalNorm, d, grad.AsSpan(output.Offset, output.Length), d);
        Array.Clear(dFinalNorm, 0, outputs * d);
        Gemm.MultiplyAdd(outputs, d, vocab, probabilities, vocab, 1, w.AsSpan(output.Offset, output.Length), d, dFinalNorm, d);

        var x = final;
        Array.Clear(dx, 0, rows * d);
        var gf = w.AsSpan(layout.OutputNorm.Offset, d);
        var dgf = grad.AsSpan(layout.OutputNorm.Offset, d);
        for (var o = 0; o < outputs; o++)
        {
            var r = outputRow[o];
            RmsNormBackwardRow(x.AsSpan(r * d, d), finalScale[o], gf, dFinalNorm.AsSpan(o * d, d), dx.AsSpan(r * d, d), dgf);
        }

        for (var l = layer.Length - 1; l >= 0; l--)
        {
            LayerBackward(l, w, grad);
        }

        // Embedding rows, in row order.
        var embedding = grad.AsSpan(layout.TokenEmbedding.Offset, layout.TokenEmbedding.Length);
        for (var r = 0; r < rows; r++)
        {
            var target = embedding.Slice(tokens[r] * d, d);
            TensorPrimitives.Add(target, dx.AsSpan(r * d, d), target);
        }
    }

    private void LayerBackward(int l, float[] w, float[] grad)
    {
        var lay = layout.Layers[l];
        var buf = layer[l];
        var n = rows * f;

        // Feed-forward: dx holds d(out).
        Array.Clear(dh, 0, n);
        Gemm.MultiplyAdd(rows, f, d, dx, d, 1, w.AsSpan(lay.Down.Offset, lay.Down.Length), f, dh, f);
        Gemm.MultiplyAdd(d, f, rows, dx, 1, d, buf.H, f, grad.AsSpan(lay.Down.Offset, lay.Down.Length), f);
        SwiGluBackward(buf.G.AsSpan(0, n), buf.Sig.AsSpan(0, n), buf.U.AsSpan(0, n), dh.AsSpan(0, n), dg.AsSpan(0, n), du.AsSpan(0, n));

        Array.Clear(dn, 0, rows * d);
        Gemm.MultiplyAdd(rows, d, f, dg, f, 1, w.AsSpan(lay.Gate.Offset, lay.Gate.Length), d, dn, d);
        Gemm.MultiplyAdd(rows, d, f, du, f, 1, w.AsSpan(lay.Up.Offset, lay.Up.Length), d, dn, d);
        Gemm.MultiplyAdd(f, d, rows, dg, 1, f, buf.N2, d, grad.AsSpan(lay.Gate.Offset, lay.Gate.Length), d);
        Gemm.MultiplyAdd(f, d, rows, du, 1, f, buf.N2, d, grad.AsSpan(lay.Up.Offset, lay.Up.Length), d);
        RmsNormBackward(buf.X1, buf.Scale2, w.AsSpan(lay.FeedForwardNorm.Offset, d), dn, dx, grad.AsSpan(lay.FeedForwardNorm.Offset, d));

        // Attention: dx now holds d(h).
        Array.Clear(dattn, 0, rows * d);
        var wo = lay.AttentionOutput;
        Gemm.MultiplyAdd(rows, d, d, dx, d, 1, w.AsSpan(wo.Offset, wo.Length), d, dattn, d);
        Gemm.MultiplyAdd(d, d, rows, dx, 1, d, buf.Attn, d, grad.AsSpan(wo.Offset, wo.Length), d);
        AttentionBackward(buf);
        for (var r = 0; r < rows; r++)
        {
            rope.Apply(dq.AsSpan(r * d, d), positions[r], inverse: true);
            rope.Apply(dk.AsSpan(r * d, d), positions[r], inverse: true);
        }

        Array.Clear(dn, 0, rows * d);
        ProjectionBackward(lay.Query, w, grad, dq, buf.N1);
        ProjectionBackward(lay.Key, w, grad, dk, buf.N1);
        ProjectionBackward(lay.Value, w, grad, dv, buf.N1);
        RmsNormBackward(buf.X, buf.Scale1, w.AsSpan(lay.AttentionNorm.Offset, d), dn, dx, grad.AsSpan(lay.AttentionNorm.Offset, d));
    }

    private void ProjectionBackward(ParameterTensor t, float[] w, float[] grad, float[] dy, float[] input)
    {
        Gemm.MultiplyAdd(rows, d, d, dy, d, 1, w.AsSpan(t.Offset, t.Length), d, dn, d);
        Gemm.MultiplyAdd(d, d, rows, dy, 1, d, input, d, grad.AsSpan(t.Offset, t.Length), d);
    }

    private void Linear(ParameterTensor t, float[] wt, float[] input, float[] output)
    {
        Array.Clear(output, 0, rows * t.Rows);
        Gemm.MultiplyAdd(rows, t.Rows, t.Columns, input, t.Columns, 1, wt.AsSpan(t.Offset, t.Length), t.Rows, output, t.Rows);
    }

    private float[] EmbedInto(float[] x, float[] w)
    {
        var table = w.AsSpan(layout.TokenEmbedding.Offset, layout.TokenEmbedding.Length);
        for (var r = 0; r < rows; r++)
        {
            table.Slice(tokens[r] * d, d).CopyTo(x.AsSpan(r * d, d));
        }

        return x;
    }

    private void AttentionForward(LayerBuffers buf)
    {
        var ctx = config.ContextLength;
        Array.Clear(buf.Attn, 0, rows * d);
        for (var s = 0; s < sequenceCount; s++)
        {
            var o = sequenceStart[s];
            var len = sequenceLength[s];
            for (var h = 0; h < heads; h++)
            {
                var hOff = h * headDim;
                for (var i = 0; i < len; i++)
                {
                    var p = buf.P.AsSpan((((o + i) * heads) + h) * ctx, i + 1);
                    var q = buf.Q.AsSpan(((o + i) * d) + hOff, headDim);
                    for (var j = 0; j <= i; j++)
                    {
                        p[j] = Dot(q, buf.K.AsSpan(((o + j) * d) + hOff, headDim)) * attentionScale;
                    }

                    var max = TensorPrimitives.Max(p);
                    var sum = 0f;
                    for (var j = 0; j <= i; j++)
                    {
                        p[j] = MathF.Exp(p[j] - max);
                        sum += p[j];
                    }

                    var inv = 1f / sum;
                    var a = buf.Attn.AsSpan(((o + i) * d) + hOff, headDim);
                    for (var j = 0; j <= i; j++)
                    {
                        p[j] *= inv;
                        Axpy(p[j], buf.V.AsSpan(((o + j) * d) + hOff, headDim), a);
                    }
                }
            }
        }
    }

    private void AttentionBackward(LayerBuffers buf)
    {
        var ctx = config.ContextLength;
        Array.Clear(dq, 0, rows * d);
        Array.Clear(dk, 0, rows * d);
        Array.Clear(dv, 0, rows * d);
        var dp = scratch.AsSpan(0, ctx);
        for (var s = 0; s < sequenceCount; s++)
        {
            var o = sequenceStart[s];
            var len = sequenceLength[s];
            for (var h = 0; h < heads; h++)
            {
                var hOff = h * headDim;
                for (var i = 0; i < len; i++)
                {
                    var p = buf.P.AsSpan((((o + i) * heads) + h) * ctx, i + 1);
                    var da = dattn.AsSpan(((o + i) * d) + hOff, headDim);
                    var q = buf.Q.AsSpan(((o + i) * d) + hOff, headDim);
                    var dqi = dq.AsSpan(((o + i) * d) + hOff, headDim);
                    var dot = 0f;
                    for (var j = 0; j <= i; j++)
                    {
                        dp[j] = Dot(da, buf.V.AsSpan(((o + j) * d) + hOff, headDim));
                        Axpy(p[j], da, dv.AsSpan(((o + j) * d) + hOff, headDim));
                        dot += p[j] * dp[j];
                    }

                    for (var j = 0; j <= i; j++)
                    {
                        var ds = p[j] * (dp[j] - dot) * attentionScale;
                        Axpy(ds, buf.K.AsSpan(((o + j) * d) + hOff, headDim), dqi);
                        Axpy(ds, q, dk.AsSpan(((o + j) * d) + hOff, headDim));
                    }
                }
            }
        }
    }

    private void RmsNorm(float[] x, float[] scale, float[] y, ReadOnlySpan<float> weight, int count)
    {
        for (var r = 0; r < count; r++)
        {
            scale[r] = RmsNormRow(x.AsSpan(r * d, d), y.AsSpan(r * d, d), weight);
        }
    }

    /// <summary>y = (x · s) ⊙ g with s = 1/sqrt(mean(x²) + eps), as ggml computes it. Returns s.</summary>
    private float RmsNormRow(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> weight)
    {
        var sum = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            sum += x[i] * x[i];
        }

        var mean = (float)(sum / x.Length);
        var s = 1f / MathF.Sqrt(mean + config.RmsNormEpsilon);
        TensorPrimitives.Multiply(x, s, y);
        TensorPrimitives.Multiply(y, weight, y);
        return s;
    }

    private void RmsNormBackward(float[] x, float[] scale, ReadOnlySpan<float> weight, float[] dy, float[] dxAccumulate, Span<float> dWeight)
    {
        for (var r = 0; r < rows; r++)
        {
            RmsNormBackwardRow(x.AsSpan(r * d, d), scale[r], weight, dy.AsSpan(r * d, d), dxAccumulate.AsSpan(r * d, d), dWeight);
        }
    }

    /// <summary>dx += s·g⊙dy − x·s³/n·Σ(dy⊙g⊙x); dg += dy⊙x·s.</summary>
    private static void RmsNormBackwardRow(
        ReadOnlySpan<float> x, float s, ReadOnlySpan<float> weight, ReadOnlySpan<float> dy, Span<float> dx, Span<float> dWeight)
    {
        var dot = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            var gdy = dy[i] * weight[i];
            dot += gdy * x[i];
            dWeight[i] += dy[i] * (x[i] * s);
        }

        var c = (float)(dot * s * s * s / x.Length);
        for (var i = 0; i < x.Length; i++)
        {
            dx[i] += (s * dy[i] * weight[i]) - (x[i] * c);
        }
    }

    /// <summary>h = silu(g)·u with silu(g) = g·σ(g): du = dh·g·σ, dg = dh·u·σ·(1 + g·(1 − σ)).</summary>
    private static void SwiGluBackward(
        ReadOnlySpan<float> g, ReadOnlySpan<float> sig, ReadOnlySpan<float> u, ReadOnlySpan<float> dh, Span<float> dg, Span<float> du)
    {
        var w = Vector<float>.Count;
        var one = Vector<float>.One;
        var i = 0;
        for (; i + w <= g.Length; i += w)
        {
            var gv = new Vector<float>(g.Slice(i, w));
            var sv = new Vector<float>(sig.Slice(i, w));
            var dhv = new Vector<float>(dh.Slice(i, w));
            (dhv * (gv * sv)).CopyTo(du.Slice(i, w));
            (dhv * new Vector<float>(u.Slice(i, w)) * (sv * (one + (gv * (one - sv))))).CopyTo(dg.Slice(i, w));
        }

        for (; i < g.Length; i++)
        {
            du[i] = dh[i] * (g[i] * sig[i]);
            dg[i] = dh[i] * u[i] * (sig[i] * (1f + (g[i] * (1f - sig[i]))));
        }
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => TensorPrimitives.Dot(a, b);

    private static void Axpy(float alpha, ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.FusedMultiplyAdd(x, alpha, y, y);

    private void CheckSequence(int length)
    {
        if (length < 1 || length > config.ContextLength)
        {
            throw new ArgumentException($"Sequence length {length} is outside 1..{config.ContextLength}.");
        }
    }

    private void AddSequence(ReadOnlySpan<int> sequence)
    {
        sequenceStart[sequenceCount] = rows;
        sequenceLength[sequenceCount] = sequence.Length;
        sequenceCount++;
        for (var t = 0; t < sequence.Length; t++)
        {
            var token = sequence[t];
            if ((uint)token >= (uint)config.VocabSize)
            {
                throw new ArgumentException($"Token {token} is outside the vocabulary.");
            }

            tokens[rows] = token;
            positions[rows] = t;
            rows++;
        }
    }

    private void Reserve(int rowCount, int sequences, int outputCount)
    {
        if (sequenceStart.Length < sequences)
        {
            sequenceStart = new int[sequences];
            sequenceLength = new int[sequences];
        }

        if (outputRow.Length < outputCount)
        {
            outputRow = new int[outputCount];
            outputTarget = new int[outputCount];
            finalScale = new float[outputCount];
            finalNorm = new float[outputCount * d];
            dFinalNorm = new float[outputCount * d];
            logits = new float[outputCount * config.VocabSize];
            probabilities = new float[outputCount * config.VocabSize];
        }

        if (tokens.Length >= rowCount)
        {
            return;
        }

        tokens = new int[rowCount];
        positions = new int[rowCount];
        final = new float[rowCount * d];
        dx = new float[rowCount * d];
        dn = new float[rowCount * d];
        dq = new float[rowCount * d];
        dk = new float[rowCount * d];
        dv = new float[rowCount * d];
        dattn = new float[rowCount * d];
        dh = new float[rowCount * f];
        dg = new float[rowCount * f];
        du = new float[rowCount * f];
        scratch = new float[config.ContextLength];
        foreach (var buf in layer)
        {
            buf.Allocate(rowCount, d, f, heads * config.ContextLength);
        }
    }

    private sealed class LayerBuffers
    {
        public float[] X { get; private set; } = [];

        public float[] Scale1 { get; private set; } = [];

        public float[] N1 { get; private set; } = [];

        public float[] Q { get; private set; } = [];

        public float[] K { get; private set; } = [];

        public float[] V { get; private set; } = [];

        public float[] P { get; private set; } = [];

        public float[] Attn { get; private set; } = [];

        public float[] X1 { get; private set; } = [];

        public float[] Scale2 { get; private set; } = [];

        public float[] N2 { get; private set; } = [];

        public float[] G { get; private set; } = [];

        public float[] Sig { get; private set; } = [];

        public float[] U { get; private set; } = [];

        public float[] H { get; private set; } = [];

        public void Allocate(int rowCount, int d, int f, int probabilitiesPerRow)
        {
            X = new float[rowCount * d];
            Scale1 = new float[rowCount];
            N1 = new float[rowCount * d];
            Q = new float[rowCount * d];
            K = new float[rowCount * d];
            V = new float[rowCount * d];
            P = new float[rowCount * probabilitiesPerRow];
            Attn = new float[rowCount * d];
            X1 = new float[rowCount * d];
            Scale2 = new float[rowCount];
            N2 = new float[rowCount * d];
            G = new float[rowCount * f];
            Sig = new float[rowCount * f];
            U = new float[rowCount * f];
            H = new float[rowCount * f];
        }
    }
}

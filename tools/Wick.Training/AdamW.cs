using System.Numerics;

namespace Wick.Training;

/// <summary>
/// AdamW (decoupled weight decay, as PyTorch applies it) over the flat parameter array. Weight decay applies to
/// matrices only, never to norm weights. Element-wise only, so the result does not depend on the vector width.
/// </summary>
internal sealed class AdamW
{
    private readonly ParameterLayout layout;
    private readonly float[] m;
    private readonly float[] v;
    private readonly float beta1;
    private readonly float beta2;
    private readonly float epsilon;
    private readonly float weightDecay;
    private int step;

    public AdamW(ParameterLayout layout, float beta1, float beta2, float epsilon, float weightDecay)
    {
        this.layout = layout;
        m = new float[layout.Size];
        v = new float[layout.Size];
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
    }

    public void Step(float[] parameters, float[] gradient, float learningRate)
    {
        step++;
        var correction1 = (float)(1.0 - Math.Pow(beta1, step));
        var correction2 = (float)(1.0 - Math.Pow(beta2, step));
        foreach (var t in layout.Tensors)
        {
            var decay = t.IsMatrix ? 1f - (learningRate * weightDecay) : 1f;
            Update(
                parameters.AsSpan(t.Offset, t.Length),
                gradient.AsSpan(t.Offset, t.Length),
                m.AsSpan(t.Offset, t.Length),
                v.AsSpan(t.Offset, t.Length),
                decay,
                learningRate / correction1,
                1f / correction2);
        }
    }

    private void Update(Span<float> p, ReadOnlySpan<float> g, Span<float> m1, Span<float> m2, float decay, float stepSize, float invCorrection2)
    {
        var w = Vector<float>.Count;
        var i = 0;
        var b1 = new Vector<float>(beta1);
        var b2 = new Vector<float>(beta2);
        var ob1 = new Vector<float>(1f - beta1);
        var ob2 = new Vector<float>(1f - beta2);
        var eps = new Vector<float>(epsilon);
        for (; i + w <= p.Length; i += w)
        {
            var gv = new Vector<float>(g.Slice(i, w));
            var mv = (b1 * new Vector<float>(m1.Slice(i, w))) + (ob1 * gv);
            var vv = (b2 * new Vector<float>(m2.Slice(i, w))) + (ob2 * gv * gv);
            var pv = new Vector<float>(p.Slice(i, w)) * decay;
            pv -= stepSize * mv / (Vector.SquareRoot(vv * invCorrection2) + eps);
            mv.CopyTo(m1.Slice(i, w));
            vv.CopyTo(m2.Slice(i, w));
            pv.CopyTo(p.Slice(i, w));
        }

        for (; i < p.Length; i++)
        {
            var mv = (beta1 * m1[i]) + ((1f - beta1) * g[i]);
            var vv = (beta2 * m2[i]) + ((1f - beta2) * g[i] * g[i]);
            var pv = p[i] * decay;
            pv -= stepSize * mv / (MathF.Sqrt(vv * invCorrection2) + epsilon);
            m1[i] = mv;
            m2[i] = vv;
            p[i] = pv;
        }
    }
}

using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Wick.Core.Sampling;

/// <summary>Whole-row passes over a logits row, vectorized: they run once per token over up to ~150k entries.</summary>
internal static class LogitMath
{
    /// <summary>
    /// Replaces NaN with -inf and +inf with <see cref="float.MaxValue"/> (so differences stay defined), and returns the
    /// largest entry, or -inf when every entry is -inf.
    /// </summary>
    public static float SanitizeAndMax(Span<float> logits)
    {
        var negativeInfinity = new Vector<float>(float.NegativeInfinity);
        var largest = new Vector<float>(float.MaxValue);
        var maxima = negativeInfinity;
        ref var start = ref MemoryMarshal.GetReference(logits);
        var i = 0;
        for (; i <= logits.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            var v = Vector.LoadUnsafe(ref start, (nuint)i);
            v = Vector.Min(Vector.ConditionalSelect(Vector.Equals(v, v), v, negativeInfinity), largest);
            v.StoreUnsafe(ref start, (nuint)i);
            maxima = Vector.Max(maxima, v);
        }

        var max = float.NegativeInfinity;
        for (var lane = 0; lane < Vector<float>.Count; lane++)
        {
            max = MathF.Max(max, maxima[lane]);
        }

        for (; i < logits.Length; i++)
        {
            ref var x = ref Unsafe.Add(ref start, i);
            x = float.IsNaN(x) ? float.NegativeInfinity : MathF.Min(x, float.MaxValue);
            max = MathF.Max(max, x);
        }

        return max;
    }

    /// <summary>First index holding <paramref name="value"/> (the lowest id among ties).</summary>
    public static int IndexOfFirst(ReadOnlySpan<float> logits, float value)
    {
        for (var i = 0; i < logits.Length; i++)
        {
            if (logits[i] == value)
            {
                return i;
            }
        }

        throw new ArgumentException("The value is not in the row.", nameof(value));
    }

    /// <summary>destination[i] = exp((logits[i] - max) / temperature): unnormalized probabilities, the largest exactly 1.</summary>
    public static void ScaledExp(ReadOnlySpan<float> logits, float max, float temperature, Span<float> destination)
    {
        TensorPrimitives.Subtract(logits, max, destination);
        if (temperature != 1f)
        {
            // Divide rather than multiply by 1/T: with a tiny T the reciprocal overflows and 0 * inf is NaN.
            TensorPrimitives.Divide(destination, temperature, destination);
        }

        TensorPrimitives.Exp(destination, destination);
    }

    /// <summary>Sum in double with a fixed summation order (four interleaved partial sums), so it is machine independent.</summary>
    public static double Sum(ReadOnlySpan<float> values)
    {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        var i = 0;
        for (; i <= values.Length - 4; i += 4)
        {
            s0 += values[i];
            s1 += values[i + 1];
            s2 += values[i + 2];
            s3 += values[i + 3];
        }

        for (; i < values.Length; i++)
        {
            s0 += values[i];
        }

        return (s0 + s1) + (s2 + s3);
    }
}

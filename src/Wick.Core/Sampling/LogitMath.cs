using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.InteropServices;

namespace Wick.Core.Sampling;

/// <summary>Whole-row passes over a logits row, vectorized: they run once per token over up to ~150k entries.</summary>
internal static class LogitMath
{
    private const int DrawBlock = 256;

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
            var clean = Vector.Min(Vector.ConditionalSelect(Vector.Equals(v, v), v, negativeInfinity), largest);
            if (clean != v)
            {
                // Rows are normally clean: writing back only what changed keeps this pass read-only.
                clean.StoreUnsafe(ref start, (nuint)i);
            }

            maxima = Vector.Max(maxima, clean);
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
        var wanted = new Vector<float>(value);
        ref var start = ref MemoryMarshal.GetReference(logits);
        var i = 0;
        for (; i <= logits.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            if (Vector.EqualsAny(Vector.LoadUnsafe(ref start, (nuint)i), wanted))
            {
                break;
            }
        }

        for (; i < logits.Length; i++)
        {
            if (logits[i] == value)
            {
                return i;
            }
        }

        throw new ArgumentException("The value is not in the row.", nameof(value));
    }

    /// <summary>destination[i] = exp((logits[i] - max) / temperature): unnormalized probabilities, the largest about 1.</summary>
    public static void ScaledExp(ReadOnlySpan<float> logits, float max, float temperature, Span<float> destination)
    {
        var inverse = 1f / temperature;
        if (float.IsFinite(inverse))
        {
            // One pass: (x - max) × (1 / T).
            var maxima = new Vector<float>(max);
            var inverses = new Vector<float>(inverse);
            ref var source = ref MemoryMarshal.GetReference(logits);
            ref var target = ref MemoryMarshal.GetReference(destination);
            var i = 0;
            for (; i <= logits.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                ((Vector.LoadUnsafe(ref source, (nuint)i) - maxima) * inverses).StoreUnsafe(ref target, (nuint)i);
            }

            for (; i < logits.Length; i++)
            {
                destination[i] = (logits[i] - max) * inverse;
            }
        }
        else
        {
            // A temperature so small its reciprocal overflows: divide instead, as 0 × inf would be NaN.
            TensorPrimitives.Subtract(logits, max, destination);
            TensorPrimitives.Divide(destination, temperature, destination);
        }

        TensorPrimitives.Exp(destination, destination);
    }

    /// <summary>
    /// The first index whose running sum of <paramref name="weights"/> passes <paramref name="target"/> (a uniform
    /// draw times their total), never one of zero weight. Whole blocks are skipped by their vectorized sums; the last
    /// positive weight takes whatever rounding leaves over, so the draw can never run off the end.
    /// </summary>
    public static int Draw(ReadOnlySpan<float> weights, double target)
    {
        var last = weights.Length - 1;
        while (weights[last] == 0f)
        {
            last--;
        }

        var cumulative = 0.0;
        var i = 0;
        for (; i + DrawBlock <= last; i += DrawBlock)
        {
            var block = Sum(weights.Slice(i, DrawBlock));
            if (target < cumulative + block)
            {
                break;
            }

            cumulative += block;
        }

        for (; i < last; i++)
        {
            cumulative += weights[i];
            if (target < cumulative)
            {
                return i;
            }
        }

        return last;
    }

    /// <summary>
    /// Sum in double. The summation order is fixed (two 4-lane double accumulators over blocks of 8, whatever the
    /// hardware's vector width), so the same row gives the same sum on any machine.
    /// </summary>
    public static double Sum(ReadOnlySpan<float> values)
    {
        var low = Vector256<double>.Zero;
        var high = Vector256<double>.Zero;
        ref var start = ref MemoryMarshal.GetReference(values);
        var i = 0;
        for (; i <= values.Length - Vector256<float>.Count; i += Vector256<float>.Count)
        {
            var (lower, upper) = Vector256.Widen(Vector256.LoadUnsafe(ref start, (nuint)i));
            low += lower;
            high += upper;
        }

        var lanes = low + high;
        var sum = (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
        for (; i < values.Length; i++)
        {
            sum += values[i];
        }

        return sum;
    }
}

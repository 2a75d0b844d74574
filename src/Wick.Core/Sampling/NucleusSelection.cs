using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Wick.Core.Sampling;

/// <summary>
/// top_p over a whole vocabulary without sorting it: a radix select on the bits of the (positive) weights, whose order
/// is the order of the values. Three levels of 11, 10 and 10 bits each keep every bucket above the boundary whole and
/// narrow the boundary down to tokens of one exact weight, of which the lowest ids are taken. Linear in the vocabulary
/// however flat the distribution is, where growing a sorted prefix can end up sorting all of it.
/// </summary>
internal static class NucleusSelection
{
    private const int FirstShift = 20;
    private const int FirstBuckets = 2048;
    private const int RefineBits = 10;
    private const int RefineMask = (1 << RefineBits) - 1;

    /// <summary>
    /// Writes into <paramref name="kept"/> the ids of the smallest set of heaviest weights (ties to the lower id) whose
    /// sum reaches <paramref name="target"/>, and returns how many; <paramref name="members"/> is scratch as long as the
    /// row. Weights must be finite and not negative, and <paramref name="target"/> positive.
    /// </summary>
    public static int Select(ReadOnlySpan<float> weights, double target, Span<int> kept, Span<int> members)
    {
        Span<double> histogram = stackalloc double[FirstBuckets];
        foreach (var weight in weights)
        {
            histogram[(int)(Bits(weight) >> FirstShift)] += weight;
        }

        var boundary = FindBoundary(histogram, ref target);
        var keptCount = 0;
        var memberCount = 0;
        var i = 0;
        ref var start = ref MemoryMarshal.GetReference(weights);
        var lowest = Vector256.Create(BitConverter.UInt32BitsToSingle((uint)boundary << FirstShift));
        var above = Vector256.Create(BitConverter.UInt32BitsToSingle((uint)(boundary + 1) << FirstShift));
        for (; i <= weights.Length - Vector256<float>.Count; i += Vector256<float>.Count)
        {
            // Compare eight at a time and visit only the set bits: no per-token branch to mispredict, and vectors wholly
            // under the boundary bucket (most of a peaked row) cost one comparison.
            var weight = Vector256.LoadUnsafe(ref start, (nuint)i);
            var atLeast = Vector256.GreaterThanOrEqual(weight, lowest).ExtractMostSignificantBits();
            var keep = Vector256.GreaterThanOrEqual(weight, above).ExtractMostSignificantBits();
            for (var bits = keep; bits != 0; bits &= bits - 1)
            {
                kept[keptCount++] = i + BitOperations.TrailingZeroCount(bits);
            }

            for (var bits = atLeast & ~keep; bits != 0; bits &= bits - 1)
            {
                members[memberCount++] = i + BitOperations.TrailingZeroCount(bits);
            }
        }

        for (; i < weights.Length; i++)
        {
            var key = (int)(Bits(weights[i]) >> FirstShift);
            if (key > boundary)
            {
                kept[keptCount++] = i;
            }
            else if (key == boundary)
            {
                members[memberCount++] = i;
            }
        }

        for (var shift = FirstShift - RefineBits; shift >= 0; shift -= RefineBits)
        {
            var refine = histogram[..(1 << RefineBits)];
            refine.Clear();
            foreach (var member in members[..memberCount])
            {
                refine[Key(weights[member], shift)] += weights[member];
            }

            boundary = FindBoundary(refine, ref target);
            var still = 0;
            foreach (var member in members[..memberCount])
            {
                var key = Key(weights[member], shift);
                if (key > boundary)
                {
                    kept[keptCount++] = member;
                }
                else if (key == boundary)
                {
                    // In place: the write index never passes the read index, and id order is kept.
                    members[still++] = member;
                }
            }

            memberCount = still;
        }

        // What is left shares one exact weight: take the lowest ids until the rest of the target is covered.
        var take = (int)Math.Clamp(Math.Ceiling(target / weights[members[0]]), 1, memberCount);
        members[..take].CopyTo(kept[keptCount..]);
        return keptCount + take;
    }

    /// <summary>
    /// Walks the buckets from the heaviest down to the one where the running sum reaches <paramref name="target"/>;
    /// leaves in <paramref name="target"/> what that bucket must still supply (always positive).
    /// </summary>
    private static int FindBoundary(ReadOnlySpan<double> histogram, ref double target)
    {
        // Summed in the very order of the walk below, so the walk reaches the target by the last bucket at the latest:
        // rounding differences between levels can never run it off the end, nor stop it on an empty bucket.
        var total = 0.0;
        for (var b = histogram.Length - 1; b >= 0; b--)
        {
            total += histogram[b];
        }

        target = Math.Min(target, total);
        var boundary = histogram.Length - 1;
        var cumulative = 0.0;
        while (cumulative + histogram[boundary] < target)
        {
            cumulative += histogram[boundary--];
        }

        target -= cumulative;
        return boundary;
    }

    private static int Key(float weight, int shift) => (int)((Bits(weight) >> shift) & RefineMask);

    private static uint Bits(float weight) => BitConverter.SingleToUInt32Bits(weight);
}

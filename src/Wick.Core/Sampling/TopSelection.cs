using System.Numerics;
using System.Runtime.InteropServices;

namespace Wick.Core.Sampling;

/// <summary>
/// Partial selection of the largest entries of a logits row: a bounded heap, so picking the top 40 of a 150k vocabulary
/// costs one comparison per entry instead of a full sort.
/// </summary>
internal static class TopSelection
{
    /// <summary>
    /// Writes the ids of the <paramref name="k"/> largest values into <paramref name="destination"/>, best first; equal
    /// values are ordered by the lower id first. Returns how many were written (k, or the row length when shorter).
    /// </summary>
    public static int SelectTop(ReadOnlySpan<float> values, int k, Span<int> destination)
    {
        var count = Math.Min(k, values.Length);
        var heap = destination[..count];
        for (var slot = 0; slot < count; slot++)
        {
            heap[slot] = slot;
        }

        // A min-heap on "worse": the root is the worst entry kept so far.
        for (var parent = (count / 2) - 1; parent >= 0; parent--)
        {
            SiftDown(values, heap, parent);
        }

        if (count == 0)
        {
            return 0;
        }

        var worstKept = values[heap[0]];
        ref var start = ref MemoryMarshal.GetReference(values);
        var i = count;
        while (i < values.Length)
        {
            // Whole vectors with nothing better than the worst kept entry (the common case once warm) are skipped.
            if (i <= values.Length - Vector<float>.Count
                && !Vector.GreaterThanAny(Vector.LoadUnsafe(ref start, (nuint)i), new Vector<float>(worstKept)))
            {
                i += Vector<float>.Count;
                continue;
            }

            for (var end = Math.Min(i + Vector<float>.Count, values.Length); i < end; i++)
            {
                // Equal values never replace: the entry kept has the lower id.
                if (values[i] > worstKept)
                {
                    heap[0] = i;
                    SiftDown(values, heap, 0);
                    worstKept = values[heap[0]];
                }
            }
        }

        // Heap sort: moving the worst to the back leaves the best first.
        for (var end = count - 1; end > 0; end--)
        {
            (heap[0], heap[end]) = (heap[end], heap[0]);
            SiftDown(values, heap[..end], 0);
        }

        return count;
    }

    private static void SiftDown(ReadOnlySpan<float> values, Span<int> heap, int index)
    {
        while (true)
        {
            var left = (2 * index) + 1;
            if (left >= heap.Length)
            {
                return;
            }

            var worst = left;
            var right = left + 1;
            if (right < heap.Length && IsWorse(values, heap[right], heap[left]))
            {
                worst = right;
            }

            if (!IsWorse(values, heap[worst], heap[index]))
            {
                return;
            }

            (heap[index], heap[worst]) = (heap[worst], heap[index]);
            index = worst;
        }
    }

    private static bool IsWorse(ReadOnlySpan<float> values, int a, int b) =>
        values[a] < values[b] || (values[a] == values[b] && a > b);
}

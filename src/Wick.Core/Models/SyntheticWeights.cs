using System.Text;

namespace Wick.Core.Models;

/// <summary>Deterministic random weights: each row of each tensor comes from its own SplitMix64 stream keyed by the
/// seed, the tensor name and the row index, so any row can be produced alone and in any order. Values are uniform with
/// standard deviation 0.02 (the usual initialisation scale), which keeps activations finite through many layers.</summary>
internal static class SyntheticWeights
{
    public const float StandardDeviation = 0.02f;
    private static readonly float HalfWidth = StandardDeviation * MathF.Sqrt(3f);

    /// <summary>A row-filling callback for <see cref="Gguf.GgufWriter.AddTensor(string, Gguf.GgmlType, IReadOnlyList{long}, Action{Span{float}, long})"/>.</summary>
    public static Action<Span<float>, long> Random(int seed, string tensorName)
    {
        var tensorKey = Mix((ulong)(uint)seed ^ Fnv1a(tensorName));
        return (row, index) => FillRow(row, tensorKey + ((ulong)index * 0x9E3779B97F4A7C15UL));
    }

    public static void Ones(Span<float> row, long index) => row.Fill(1f);

    private static void FillRow(Span<float> row, ulong state)
    {
        const float Scale = 1f / (1 << 24);
        for (var i = 0; i < row.Length; i++)
        {
            state += 0x9E3779B97F4A7C15UL;
            var unit = (Mix(state) >> 40) * Scale; // 24 random bits in [0, 1)
            row[i] = ((2f * unit) - 1f) * HalfWidth;
        }
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong Fnv1a(string text)
    {
        var hash = 0xCBF29CE484222325UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 0x100000001B3UL;
        }

        return hash;
    }
}

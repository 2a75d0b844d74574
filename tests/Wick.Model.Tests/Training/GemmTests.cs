using Wick.Training;

namespace Wick.Model.Tests.Training;

public sealed class GemmTests
{
    public static TheoryData<int, int, int, bool> Shapes()
    {
        var data = new TheoryData<int, int, int, bool>();
        foreach (var (m, n, k) in new[] { (1, 1, 1), (3, 5, 7), (4, 16, 8), (5, 17, 3), (9, 33, 64), (8, 258, 64), (13, 24, 1) })
        {
            data.Add(m, n, k, false);
            data.Add(m, n, k, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MultiplyAdd_adds_the_product_to_C(int m, int n, int k, bool transposedA)
    {
        var rng = new SplitMix64((ulong)((m * 1000) + (n * 10) + k));
        var a = Random(rng, m * k);
        var b = Random(rng, k * n);
        var c = Random(rng, m * n);
        var expected = new double[m * n];
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                double sum = c[(i * n) + j];
                for (var p = 0; p < k; p++)
                {
                    sum += (double)A(a, i, p) * b[(p * n) + j];
                }

                expected[(i * n) + j] = sum;
            }
        }

        // A stored as [k, m] when transposed: element (i, p) at p * m + i.
        float A(float[] x, int i, int p) => transposedA ? x[(p * m) + i] : x[(i * k) + p];
        var (aRow, aCol) = transposedA ? (1, m) : (k, 1);

        Gemm.MultiplyAdd(m, n, k, a, aRow, aCol, b, n, c, n);

        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], c[i], 1e-4);
        }
    }

    [Fact]
    public void MultiplyAdd_gives_the_same_bits_for_a_column_whatever_the_tile_it_falls_in()
    {
        // Column 0 goes through the vector tiles, the same column alone through the scalar tail.
        var rng = new SplitMix64(3);
        const int m = 5, k = 37, n = 19;
        var a = Random(rng, m * k);
        var b = Random(rng, k * n);
        var wide = new float[m * n];
        Gemm.MultiplyAdd(m, n, k, a, k, 1, b, n, wide, n);
        var column = new float[k];
        for (var p = 0; p < k; p++)
        {
            column[p] = b[p * n];
        }

        var narrow = new float[m];
        Gemm.MultiplyAdd(m, 1, k, a, k, 1, column, 1, narrow, 1);

        for (var i = 0; i < m; i++)
        {
            Assert.Equal(BitConverter.SingleToInt32Bits(wide[i * n]), BitConverter.SingleToInt32Bits(narrow[i]));
        }
    }

    [Fact]
    public void MultiplyAdd_with_an_empty_extent_changes_nothing()
    {
        float[] c = [1, 2];
        Gemm.MultiplyAdd(1, 2, 0, [], 1, 1, [], 2, c, 2);
        Assert.Equal([1f, 2f], c);
    }

    [Fact]
    public void MultiplyAdd_rejects_extents_beyond_the_spans()
    {
        var small = new float[3];
        Assert.Throws<ArgumentException>(() => Gemm.MultiplyAdd(2, 2, 2, small, 2, 1, new float[4], 2, new float[4], 2));
        Assert.Throws<ArgumentException>(() => Gemm.MultiplyAdd(2, 2, 2, new float[4], 2, 1, small, 2, new float[4], 2));
        Assert.Throws<ArgumentException>(() => Gemm.MultiplyAdd(2, 2, 2, new float[4], 2, 1, new float[4], 2, small, 2));
    }

    private static float[] Random(SplitMix64 rng, int length) =>
        [.. Enumerable.Range(0, length).Select(_ => (float)((rng.NextDouble() * 2) - 1))];
}

using System.Numerics;

namespace Wick.Training;

/// <summary>
/// The one matrix kernel of the trainer: <c>C[m, n] += Σ_p A(i, p) · B[p, n]</c>. A is addressed by strides, so a
/// transposed A costs nothing (<c>aRow = 1</c>); B and C are row-major. Every element of C is one fused multiply-add
/// chain over p in order, in the vector lanes and the scalar tail alike, so the result does not depend on the vector
/// width or on how the work is split: the trainer is bit-for-bit reproducible.
/// </summary>
internal static unsafe class Gemm
{
    private const int Rows = 4;

    /// <summary>C += A·B over <paramref name="k"/> terms (see the type summary).</summary>
    public static void MultiplyAdd(
        int m, int n, int k, ReadOnlySpan<float> a, int aRow, int aCol, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc)
    {
        if (m == 0 || n == 0 || k == 0)
        {
            return;
        }

        // Bounds once here, so the kernels below can run on raw pointers.
        long lastA = ((long)(m - 1) * aRow) + ((long)(k - 1) * aCol);
        if (lastA >= a.Length || ((long)(k - 1) * ldb) + n > b.Length || ((long)(m - 1) * ldc) + n > c.Length)
        {
            throw new ArgumentException("Matrix extents exceed the spans.");
        }

        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            Run(m, n, k, pa, aRow, aCol, pb, ldb, pc, ldc);
        }
    }

    private static void Run(int m, int n, int k, float* a, nint aRow, nint aCol, float* b, nint ldb, float* c, nint ldc)
    {
        var w = Vector<float>.Count;
        var j = 0;
        for (; j + (2 * w) <= n; j += 2 * w)
        {
            var i = 0;
            for (; i + Rows <= m; i += Rows)
            {
                Tile4x2(k, a + (i * aRow), aRow, aCol, b + j, ldb, c + (i * ldc) + j, ldc);
            }

            for (; i < m; i++)
            {
                Tile1x2(k, a + (i * aRow), aCol, b + j, ldb, c + (i * ldc) + j);
            }
        }

        for (; j + w <= n; j += w)
        {
            var i = 0;
            for (; i + Rows <= m; i += Rows)
            {
                Tile4x1(k, a + (i * aRow), aRow, aCol, b + j, ldb, c + (i * ldc) + j, ldc);
            }

            for (; i < m; i++)
            {
                Tile1x1(k, a + (i * aRow), aCol, b + j, ldb, c + (i * ldc) + j);
            }
        }

        for (; j < n; j++)
        {
            for (var i = 0; i < m; i++)
            {
                var pa = a + (i * aRow);
                var pb = b + j;
                var acc = c[(i * ldc) + j];
                for (var p = 0; p < k; p++)
                {
                    acc = MathF.FusedMultiplyAdd(*pa, *pb, acc);
                    pa += aCol;
                    pb += ldb;
                }

                c[(i * ldc) + j] = acc;
            }
        }
    }

    private static void Tile4x2(int k, float* a, nint aRow, nint aCol, float* b, nint ldb, float* c, nint ldc)
    {
        var w = Vector<float>.Count;
        float* c0 = c, c1 = c + ldc, c2 = c + (2 * ldc), c3 = c + (3 * ldc);
        var s00 = Vector.Load(c0);
        var s01 = Vector.Load(c0 + w);
        var s10 = Vector.Load(c1);
        var s11 = Vector.Load(c1 + w);
        var s20 = Vector.Load(c2);
        var s21 = Vector.Load(c2 + w);
        var s30 = Vector.Load(c3);
        var s31 = Vector.Load(c3 + w);
        float* a0 = a, a1 = a + aRow, a2 = a + (2 * aRow), a3 = a + (3 * aRow);
        for (var p = 0; p < k; p++)
        {
            var b0 = Vector.Load(b);
            var b1 = Vector.Load(b + w);
            b += ldb;
            var x = new Vector<float>(*a0);
            s00 = Vector.FusedMultiplyAdd(x, b0, s00);
            s01 = Vector.FusedMultiplyAdd(x, b1, s01);
            x = new Vector<float>(*a1);
            s10 = Vector.FusedMultiplyAdd(x, b0, s10);
            s11 = Vector.FusedMultiplyAdd(x, b1, s11);
            x = new Vector<float>(*a2);
            s20 = Vector.FusedMultiplyAdd(x, b0, s20);
            s21 = Vector.FusedMultiplyAdd(x, b1, s21);
            x = new Vector<float>(*a3);
            s30 = Vector.FusedMultiplyAdd(x, b0, s30);
            s31 = Vector.FusedMultiplyAdd(x, b1, s31);
            a0 += aCol;
            a1 += aCol;
            a2 += aCol;
            a3 += aCol;
        }

        s00.Store(c0);
        s01.Store(c0 + w);
        s10.Store(c1);
        s11.Store(c1 + w);
        s20.Store(c2);
        s21.Store(c2 + w);
        s30.Store(c3);
        s31.Store(c3 + w);
    }

    private static void Tile4x1(int k, float* a, nint aRow, nint aCol, float* b, nint ldb, float* c, nint ldc)
    {
        float* c0 = c, c1 = c + ldc, c2 = c + (2 * ldc), c3 = c + (3 * ldc);
        var s0 = Vector.Load(c0);
        var s1 = Vector.Load(c1);
        var s2 = Vector.Load(c2);
        var s3 = Vector.Load(c3);
        float* a0 = a, a1 = a + aRow, a2 = a + (2 * aRow), a3 = a + (3 * aRow);
        for (var p = 0; p < k; p++)
        {
            var b0 = Vector.Load(b);
            b += ldb;
            s0 = Vector.FusedMultiplyAdd(new Vector<float>(*a0), b0, s0);
            s1 = Vector.FusedMultiplyAdd(new Vector<float>(*a1), b0, s1);
            s2 = Vector.FusedMultiplyAdd(new Vector<float>(*a2), b0, s2);
            s3 = Vector.FusedMultiplyAdd(new Vector<float>(*a3), b0, s3);
            a0 += aCol;
            a1 += aCol;
            a2 += aCol;
            a3 += aCol;
        }

        s0.Store(c0);
        s1.Store(c1);
        s2.Store(c2);
        s3.Store(c3);
    }

    private static void Tile1x2(int k, float* a, nint aCol, float* b, nint ldb, float* c)
    {
        var w = Vector<float>.Count;
        var s0 = Vector.Load(c);
        var s1 = Vector.Load(c + w);
        for (var p = 0; p < k; p++)
        {
            var x = new Vector<float>(*a);
            s0 = Vector.FusedMultiplyAdd(x, Vector.Load(b), s0);
            s1 = Vector.FusedMultiplyAdd(x, Vector.Load(b + w), s1);
            a += aCol;
            b += ldb;
        }

        s0.Store(c);
        s1.Store(c + w);
    }

    private static void Tile1x1(int k, float* a, nint aCol, float* b, nint ldb, float* c)
    {
        var s0 = Vector.Load(c);
        for (var p = 0; p < k; p++)
        {
            s0 = Vector.FusedMultiplyAdd(new Vector<float>(*a), Vector.Load(b), s0);
            a += aCol;
            b += ldb;
        }

        s0.Store(c);
    }
}

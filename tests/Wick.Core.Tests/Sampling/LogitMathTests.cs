using System.Numerics;
using CsCheck;
using Wick.Core.Sampling;

namespace Wick.Core.Tests.Sampling;

public sealed class LogitMathTests
{
    [Fact]
    public void SanitizeAndMax_replaces_NaN_and_infinity_and_finds_the_maximum()
    {
        // Lengths around the vector width cover both the vector body and the scalar tail.
        var special = Gen.OneOf(float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, -0f);
        var value = Gen.Frequency((4, (IGen<float>)Gen.Float[-100f, 100f]), (1, special));
        value.Array[0, (3 * Vector<float>.Count) + 3].Sample(row =>
        {
            var expected = row.Select(x => float.IsNaN(x) ? float.NegativeInfinity : MathF.Min(x, float.MaxValue)).ToArray();
            var logits = row.ToArray();

            var max = LogitMath.SanitizeAndMax(logits);

            Assert.Equal(expected, logits);
            Assert.Equal(expected.Length == 0 ? float.NegativeInfinity : expected.Max(), max);
        });
    }

    [Fact]
    public void IndexOfFirst_returns_the_lowest_index_holding_the_value()
    {
        Assert.Equal(1, LogitMath.IndexOfFirst(new float[] { 0f, 2f, 1f, 2f }, 2f));
    }

    [Fact]
    public void IndexOfFirst_rejects_a_value_that_is_not_there()
    {
        Assert.Throws<ArgumentException>(() => LogitMath.IndexOfFirst(new float[] { 0f, 1f }, 2f));
    }

    [Fact]
    public void ScaledExp_gives_about_one_for_the_maximum_and_the_scaled_exponential_elsewhere()
    {
        float[] logits = [3f, 1f, float.NegativeInfinity, 2.5f];
        var weights = new float[4];

        LogitMath.ScaledExp(logits, 3f, 0.5f, weights);

        // The vectorized exp is within an ulp or so of the true value, not exact.
        Assert.Equal(1.0, weights[0], 6);
        Assert.Equal(Math.Exp(-4), weights[1], 6);
        Assert.Equal(0f, weights[2]);
        Assert.Equal(Math.Exp(-1), weights[3], 6);
    }

    [Fact]
    public void ScaledExp_with_a_vanishing_temperature_stays_defined()
    {
        float[] logits = [3f, 2.99f];
        var weights = new float[2];

        LogitMath.ScaledExp(logits, 3f, float.Epsilon, weights);

        Assert.Equal(1.0, weights[0], 6);
        Assert.Equal(0f, weights[1]);
    }

    [Fact]
    public void Sum_adds_in_double_precision()
    {
        Gen.Float[0f, 1f].Array[0, 50].Sample(values =>
        {
            Assert.Equal(values.Sum(v => (double)v), LogitMath.Sum(values), 9);
        });
    }

    [Fact]
    public void Draw_returns_the_first_index_whose_running_sum_passes_the_target()
    {
        var weights = Gen.Frequency((3, (IGen<float>)Gen.Float[0f, 1f]), (1, Gen.Const(0f))).Array[1, 1_000].Where(w => w.Any(x => x > 0f));

        Gen.Select(weights, Gen.Double[0, 1]).Sample((row, u) =>
        {
            var total = row.Sum(w => (double)w);
            var target = u * total;

            var chosen = LogitMath.Draw(row, target);

            var before = row.Take(chosen).Sum(w => (double)w);
            Assert.True(row[chosen] > 0f, "a token of zero weight was drawn");
            Assert.True(before <= target + (total * 1e-9), "an earlier index already passed the target");
            Assert.True(before + row[chosen] > target - (total * 1e-9) || chosen == Array.FindLastIndex(row, w => w > 0f), "the chosen index does not reach the target");
        });
    }

    [Fact]
    public void Draw_gives_a_target_beyond_the_total_to_the_last_positive_weight()
    {
        var row = Enumerable.Repeat(1f, 600).Append(0f).ToArray();

        Assert.Equal(599, LogitMath.Draw(row, 1e9));
    }
}

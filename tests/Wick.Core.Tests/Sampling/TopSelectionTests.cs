using CsCheck;
using Wick.Core.Sampling;

namespace Wick.Core.Tests.Sampling;

public sealed class TopSelectionTests
{
    [Fact]
    public void SelectTop_matches_a_full_sort_by_value_then_lowest_id()
    {
        // Values on a coarse grid, so ties are common.
        Gen.Select(Gen.Int[-5, 5].Array[0, 300], Gen.Int[0, 320]).Sample((grid, k) =>
        {
            var values = grid.Select(g => (float)g).ToArray();
            var destination = new int[values.Length];
            var expected = Enumerable.Range(0, values.Length).OrderByDescending(i => values[i]).ThenBy(i => i).Take(k).ToArray();

            var count = TopSelection.SelectTop(values, k, destination);

            Assert.Equal(expected, destination[..count]);
        });
    }

    [Fact]
    public void SelectTop_of_zero_selects_nothing()
    {
        var count = TopSelection.SelectTop(new float[] { 1f, 2f }, 0, new int[2]);

        Assert.Equal(0, count);
    }

    [Fact]
    public void SelectTop_keeps_infinities_in_order()
    {
        float[] values = [0f, float.NegativeInfinity, float.MaxValue, -1f];
        var destination = new int[4];

        var count = TopSelection.SelectTop(values, 4, destination);

        Assert.Equal(4, count);
        Assert.Equal([2, 0, 3, 1], destination);
    }
}

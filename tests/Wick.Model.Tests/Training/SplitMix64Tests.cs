using Wick.Training;

namespace Wick.Model.Tests.Training;

public sealed class SplitMix64Tests
{
    [Fact]
    public void The_stream_is_the_published_splitmix64_sequence()
    {
        // Reference values of SplitMix64 from seed 0 (Vigna's splitmix64.c).
        var rng = new SplitMix64(0);

        Assert.Equal(0xE220A8397B1DCDAFUL, rng.NextUInt64());
        Assert.Equal(0x6E789E6AA1B965F4UL, rng.NextUInt64());
    }

    [Fact]
    public void Bounded_draws_stay_in_range_and_cover_it()
    {
        var rng = new SplitMix64(9);

        var seen = Enumerable.Range(0, 1000).Select(_ => rng.NextInt(7)).ToHashSet();

        Assert.Equal(Enumerable.Range(0, 7).ToHashSet(), seen);
        Assert.Throws<ArgumentOutOfRangeException>(() => rng.NextInt(0));
    }

    [Fact]
    public void Gaussian_draws_have_unit_variance()
    {
        var rng = new SplitMix64(4);

        var xs = Enumerable.Range(0, 20000).Select(_ => rng.NextGaussian()).ToList();

        Assert.InRange(xs.Average(), -0.05, 0.05);
        Assert.InRange(xs.Average(x => x * x), 0.95, 1.05);
    }

    [Fact]
    public void Shuffle_is_a_permutation()
    {
        var items = Enumerable.Range(0, 50).ToList();

        new SplitMix64(1).Shuffle(items);

        Assert.NotEqual(Enumerable.Range(0, 50), items);
        Assert.Equal(Enumerable.Range(0, 50), items.Order());
    }
}

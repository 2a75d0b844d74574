using CsCheck;
using Wick.Core.Sampling;

namespace Wick.Core.Tests.Sampling;

public sealed class NucleusSelectionTests
{
    // Weights over many binades, with ties, zeros and subnormals, so every radix level has work to do.
    private static readonly Gen<float> Weight = Gen.Frequency(
        (6, (IGen<float>)Gen.Float[0f, 1f]),
        (2, Gen.OneOf(0f, 1f, 0.5f, 0.25f, 1e-3f, 1e-30f, 1e-40f, float.Epsilon)),
        (2, Gen.Int[-120, 0].Select(e => MathF.ScaleB(1f, e))));

    private static int[] Reference(float[] weights, double target)
    {
        var order = Enumerable.Range(0, weights.Length).OrderByDescending(i => weights[i]).ThenBy(i => i).ToArray();
        var cumulative = 0.0;
        var count = 0;
        while (count < order.Length && cumulative < target)
        {
            cumulative += weights[order[count++]];
        }

        return [.. order.Take(count).Order()];
    }

    [Fact]
    public void Select_keeps_the_smallest_set_of_heaviest_weights_reaching_the_target()
    {
        var gen = Weight.Array[1, 400].Where(w => w.Any(x => x > 0f));

        Gen.Select(gen, Gen.Double[0.01, 0.999]).Sample((weights, p) =>
        {
            var total = weights.Sum(w => (double)w);
            var kept = new int[weights.Length];
            var members = new int[weights.Length];
            var reference = Reference(weights, p * total);

            var count = NucleusSelection.Select(weights, p * total, kept, members);

            // Exact, except where rounding puts the target on a hair's breadth of a partial sum: then one more or less.
            var actual = kept[..count].Order().ToArray();
            if (Math.Abs(actual.Length - reference.Length) <= 1 && !actual.SequenceEqual(reference))
            {
                var shorter = actual.Length < reference.Length ? actual : reference;
                var longer = actual.Length < reference.Length ? reference : actual;
                Assert.Subset(longer.ToHashSet(), shorter.ToHashSet());
                var mass = shorter.Sum(i => (double)weights[i]);
                Assert.Equal(p * total, mass, p * total * 1e-9);
            }
            else
            {
                Assert.Equal(reference, actual);
            }
        });
    }

    [Fact]
    public void Select_takes_the_lowest_ids_among_equal_weights()
    {
        var weights = Enumerable.Repeat(0.5f, 10).ToArray();
        var kept = new int[10];

        var count = NucleusSelection.Select(weights, 1.2, kept, new int[10]);

        Assert.Equal([0, 1, 2], kept[..count]);
    }

    [Fact]
    public void Select_keeps_everything_when_the_target_is_the_whole_mass()
    {
        float[] weights = [0.25f, 0f, 1f, 0.5f];
        var kept = new int[4];

        var count = NucleusSelection.Select(weights, 1.75, kept, new int[4]);

        Assert.Equal([0, 2, 3], kept[..count].Order());
    }
}

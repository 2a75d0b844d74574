namespace Wick.Training;

/// <summary>
/// The training data, deterministic from a seed.
/// <list type="bullet">
/// <item>Held out: <see cref="HeldOutCount"/> pairs <c>(a, b)</c> with <c>10 ≤ a &lt; b ≤ 99</c>, drawn by a seeded
/// shuffle of all such pairs; neither <c>a+b</c> nor its commuted twin <c>b+a</c> is ever trained on.</item>
/// <item>All sums: <c>a+b</c> for <c>a, b</c> in 0..99 minus the held-out pairs and their twins.</item>
/// <item>Single-digit facts, repeated (each drawn far more often than a two-digit sum): <c>a+b</c>, <c>a-b</c> with
/// <c>a ≥ b</c>, and <c>a*b</c> for <c>a, b</c> in 0..9.</item>
/// </list>
/// Each example picks a kind by the <see cref="DataMix"/> weights, then a fact of that kind uniformly.
/// </summary>
public sealed class ArithmeticData
{
    /// <summary>Operands of sums range over 0..MaxOperand.</summary>
    public const int MaxOperand = 99;

    private readonly double[] cumulative;
    private readonly IReadOnlyList<ArithmeticProblem>[] pools;

    /// <summary>Builds the facts and draws the held-out pairs from <paramref name="seed"/>.</summary>
    public ArithmeticData(ulong seed, int heldOutCount = 200, DataMix? mix = null)
    {
        Mix = mix ?? new DataMix();
        if (Mix.AllSums < 0 || Mix.SingleDigitSums < 0 || Mix.SingleDigitDifferences < 0 || Mix.SingleDigitProducts < 0 || Mix.Total <= 0)
        {
            throw new ArgumentException("Mix weights must be non-negative with a positive total.", nameof(mix));
        }

        var candidates = new List<(int A, int B)>();
        for (var a = 10; a <= MaxOperand; a++)
        {
            for (var b = a + 1; b <= MaxOperand; b++)
            {
                candidates.Add((a, b));
            }
        }

        ArgumentOutOfRangeException.ThrowIfNegative(heldOutCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(heldOutCount, candidates.Count);
        new SplitMix64(DeriveSeed(seed, 1)).Shuffle(candidates);
        var heldOut = candidates.Take(heldOutCount).OrderBy(p => p.A).ThenBy(p => p.B).ToList();
        var excluded = new HashSet<(int, int)>(heldOut.Concat(heldOut.Select(p => (p.B, p.A))));

        HeldOutCount = heldOutCount;
        HeldOut = [.. heldOut.Select(p => new ArithmeticProblem(p.A, '+', p.B))];
        var sums = new List<ArithmeticProblem>();
        for (var a = 0; a <= MaxOperand; a++)
        {
            for (var b = 0; b <= MaxOperand; b++)
            {
                if (!excluded.Contains((a, b)))
                {
                    sums.Add(new ArithmeticProblem(a, '+', b));
                }
            }
        }

        TrainingSums = sums;
        SingleDigitSums = Facts('+', (_, _) => true);
        SingleDigitDifferences = Facts('-', (a, b) => a >= b);
        SingleDigitProducts = Facts('*', (_, _) => true);
        pools = [TrainingSums, SingleDigitSums, SingleDigitDifferences, SingleDigitProducts];
        double[] weights = [Mix.AllSums, Mix.SingleDigitSums, Mix.SingleDigitDifferences, Mix.SingleDigitProducts];
        cumulative = new double[weights.Length];
        var running = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            running += weights[i] / Mix.Total;
            cumulative[i] = running;
        }
    }

    /// <summary>The sampling weights.</summary>
    public DataMix Mix { get; }

    /// <summary>How many pairs are held out (their twins are held out too).</summary>
    public int HeldOutCount { get; }

    /// <summary>The held-out sums, <c>a+b</c> with <c>10 ≤ a &lt; b ≤ 99</c>, sorted.</summary>
    public IReadOnlyList<ArithmeticProblem> HeldOut { get; }

    /// <summary>Every trainable sum of two operands in 0..99.</summary>
    public IReadOnlyList<ArithmeticProblem> TrainingSums { get; }

    /// <summary><c>a+b</c> for a, b in 0..9 (100 facts).</summary>
    public IReadOnlyList<ArithmeticProblem> SingleDigitSums { get; }

    /// <summary><c>a-b</c> for a, b in 0..9 with a ≥ b (55 facts).</summary>
    public IReadOnlyList<ArithmeticProblem> SingleDigitDifferences { get; }

    /// <summary><c>a*b</c> for a, b in 0..9 (100 facts).</summary>
    public IReadOnlyList<ArithmeticProblem> SingleDigitProducts { get; }

    /// <summary>A human-readable statement of the recipe, for the manifest.</summary>
    public string Description =>
        "Sequences [BOS]a{op}b=c[EOS] over byte tokens, cross-entropy on the answer bytes and EOS. "
        + $"Held out: {HeldOutCount} pairs 10<=a<b<=99 (seeded shuffle) and their commuted twins b+a. "
        + $"Each example draws a kind by weight, then a fact uniformly: all sums a+b, a,b in 0..99, minus held out ({TrainingSums.Count}) "
        + $"w={Mix.AllSums}; single-digit a+b (100) w={Mix.SingleDigitSums}; single-digit a-b, a>=b (55) w={Mix.SingleDigitDifferences}; "
        + $"single-digit a*b (100) w={Mix.SingleDigitProducts}.";

    /// <summary>Draws one fact.</summary>
    public ArithmeticProblem Sample(SplitMix64 rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var u = rng.NextDouble();
        var kind = 0;
        while (kind < cumulative.Length - 1 && u >= cumulative[kind])
        {
            kind++;
        }

        var pool = pools[kind];
        return pool[rng.NextInt(pool.Count)];
    }

    /// <summary>A stream seed derived from the run seed (so data and weights use independent streams).</summary>
    public static ulong DeriveSeed(ulong seed, ulong stream) => new SplitMix64(seed ^ (stream * 0xD1B54A32D192ED03UL)).NextUInt64();

    private static List<ArithmeticProblem> Facts(char op, Func<int, int, bool> keep)
    {
        var facts = new List<ArithmeticProblem>();
        for (var a = 0; a <= 9; a++)
        {
            for (var b = 0; b <= 9; b++)
            {
                if (keep(a, b))
                {
                    facts.Add(new ArithmeticProblem(a, op, b));
                }
            }
        }

        return facts;
    }
}

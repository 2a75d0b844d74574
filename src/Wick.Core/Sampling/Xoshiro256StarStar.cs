namespace Wick.Core.Sampling;

/// <summary>
/// xoshiro256** (Blackman and Vigna), seeded through SplitMix64. Our own fixed algorithm rather than
/// <see cref="Random"/>, whose seeded sequence is not promised to stay the same across .NET versions; one per sequence,
/// so a sequence's draws depend only on its own seed.
/// </summary>
internal sealed class Xoshiro256StarStar
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public Xoshiro256StarStar(ulong seed)
    {
        // SplitMix64 never yields four zero words from any seed, so the state is always valid.
        var x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>Starts from a raw state (for the reference test vectors); not all zero.</summary>
    internal Xoshiro256StarStar(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        (_s0, _s1, _s2, _s3) = (s0, s1, s2, s3);
    }

    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    internal static ulong SplitMix64(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        var z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

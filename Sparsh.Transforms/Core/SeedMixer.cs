namespace Sparsh;

/// <summary>
/// Derives independent, reproducible seeds for separate random streams from one user seed (the simulator's noise, drift
/// and scripts; the pretrainer's per-epoch shuffles and per-step masks). <see cref="HashCode"/> is randomised per process,
/// so seeds that must be the same in every run come from these fixed 64-bit mixes instead.
/// </summary>
/// <remarks>
/// In the root namespace so every Sparsh assembly's code sees it without a using. The two overloads are different mixes,
/// not one: each reproduces the numbers its callers were recorded with (simulated data sets, the pretraining loss curves
/// pinned by tests and the results in docs/results.md), which one shared formula could not.
/// </remarks>
internal static class SeedMixer
{
    /// <summary>The seed of stream <paramref name="stream"/> under <paramref name="seed"/>: SplitMix64's finaliser over both.</summary>
    public static int Derive(int seed, long stream)
    {
        ulong z = unchecked((ulong)(uint)seed * 0x9E3779B97F4A7C15UL + (ulong)stream * 0xBF58476D1CE4E5B9UL + 0x94D049BB133111EBUL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (int)(z & 0x7FFFFFFF);
    }

    /// <summary>
    /// The seed of step <paramref name="step"/> of stream <paramref name="salt"/> under <paramref name="seed"/> (the
    /// pretrainer's: one stream per use, one value per epoch or step): the three products xor-ed, then a 64-bit finaliser.
    /// </summary>
    public static int Derive(int seed, long step, int salt)
    {
        ulong x = unchecked((ulong)(uint)seed * 0x9E3779B97F4A7C15UL ^ (ulong)step * 0xBF58476D1CE4E5B9UL ^ (ulong)(uint)salt * 0x94D049BB133111EBUL);
        x ^= x >> 31;
        x = unchecked(x * 0xD6E8FEB86659FD93UL);
        x ^= x >> 32;
        return (int)(x & 0x7FFFFFFF);
    }
}

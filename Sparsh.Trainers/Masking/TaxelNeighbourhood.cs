using Sparsh.Transforms.Hand;

namespace Sparsh.Trainers.Masking;

/// <summary>
/// Taxel distances in the hand's rest geometry (all joints at 0 rad, clamped into their limits): for every taxel,
/// all taxels ordered by distance from it. Growing a block = taking a prefix of that order, which gives a region
/// that spreads over the seed's patch and then across neighbouring patches.
/// </summary>
internal sealed class TaxelNeighbourhood
{
    private readonly float[] _positions;
    private readonly int[] _order;

    /// <summary>Number of taxels.</summary>
    public int TaxelCount { get; }

    /// <summary>Builds the neighbourhood from taxel positions (metres, taxel-major x, y, z).</summary>
    public TaxelNeighbourhood(ReadOnlySpan<float> positionsMetres)
    {
        if (positionsMetres.Length == 0 || positionsMetres.Length % 3 != 0)
            throw new ArgumentException($"Expected taxel-major x, y, z positions, got {positionsMetres.Length} values.", nameof(positionsMetres));
        _positions = positionsMetres.ToArray();
        TaxelCount = _positions.Length / 3;
        _order = new int[TaxelCount * TaxelCount];
        var distances = new float[TaxelCount];
        var indices = new int[TaxelCount];
        for (int seed = 0; seed < TaxelCount; seed++)
        {
            for (int j = 0; j < TaxelCount; j++) { distances[j] = Distance(seed, j); indices[j] = j; }
            // Ties broken by index so the order is deterministic (the seed itself comes first at distance 0).
            Array.Sort(indices, (a, b) => distances[a] != distances[b] ? distances[a].CompareTo(distances[b]) : a.CompareTo(b));
            indices.CopyTo(_order, seed * TaxelCount);
        }
    }

    /// <summary>The neighbourhood of a hand model in its rest pose.</summary>
    public static TaxelNeighbourhood FromHand(HandModel hand)
    {
        var positions = new float[hand.TaxelCount * 3];
        hand.ComputeTaxelPoses(new float[hand.JointCount], positions, [], JointLimitPolicy.Clamp);
        return new TaxelNeighbourhood(positions);
    }

    /// <summary>The built-in Allegro + XELA hand at rest.</summary>
    public static TaxelNeighbourhood AllegroXela { get; } = FromHand(HandModel.AllegroXela);

    /// <summary>All taxels ordered by rest distance from <paramref name="seed"/> (the seed first).</summary>
    public ReadOnlySpan<int> OrderFrom(int seed) => _order.AsSpan(seed * TaxelCount, TaxelCount);

    /// <summary>Rest distance between two taxels, metres.</summary>
    public float Distance(int a, int b)
    {
        float dx = _positions[3 * a] - _positions[3 * b], dy = _positions[3 * a + 1] - _positions[3 * b + 1], dz = _positions[3 * a + 2] - _positions[3 * b + 2];
        return MathF.Sqrt(dx * dx + dy * dy + dz * dz);
    }
}

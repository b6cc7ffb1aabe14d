namespace Sparsh.Transforms.Core;

/// <summary>
/// The one way this project divides groups (recordings, skins) between training, validation, test, folds and label
/// budgets: the distinct groups in ordinal order, shuffled by a seed, then cut exactly. Exact cuts never leave a side or
/// a fold empty, which ML.NET's hashed sampling key does with a handful of groups; the same seed gives the same cut
/// anywhere, and budgets taken from one order are nested (the first k groups of a seed are within its first k + 1).
/// </summary>
internal static class GroupPartition
{
    /// <summary>The distinct groups in ordinal order, shuffled by <paramref name="seed"/>.</summary>
    public static string[] Shuffled(IEnumerable<string> groups, int seed)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var order = groups.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        new Random(seed).Shuffle(order);
        return order;
    }

    /// <summary>
    /// Holds out round(<paramref name="fraction"/> x groups) groups, at least one and leaving at least
    /// <paramref name="keptAtLeast"/>; both sides in ordinal order.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than <paramref name="keptAtLeast"/> + 1 groups, or a fraction outside (0, 1).</exception>
    public static (string[] Kept, string[] HeldOut) HoldOut(IEnumerable<string> groups, double fraction, int seed, int keptAtLeast = 1)
    {
        if (!(fraction > 0 && fraction < 1)) throw new ArgumentOutOfRangeException(nameof(fraction), $"The held-out fraction must be in (0, 1), got {fraction}.");
        var order = Shuffled(groups, seed);
        if (order.Length < keptAtLeast + 1)
            throw new ArgumentException($"{order.Length} groups cannot be split: holding one out must leave at least {keptAtLeast}.", nameof(groups));
        int held = Math.Clamp((int)Math.Round(fraction * order.Length), 1, order.Length - keptAtLeast);
        return (Sorted(order.Skip(held)), Sorted(order.Take(held)));
    }

    /// <summary><paramref name="folds"/> folds dealt round-robin from the seed's order (sizes differ by at most one), each in ordinal order.</summary>
    /// <exception cref="ArgumentException">Fewer groups than folds, or fewer than 2 folds.</exception>
    public static string[][] Folds(IEnumerable<string> groups, int folds, int seed)
    {
        if (folds < 2) throw new ArgumentOutOfRangeException(nameof(folds), $"Cross-validation needs at least 2 folds, got {folds}.");
        var order = Shuffled(groups, seed);
        if (order.Length < folds)
            throw new ArgumentException($"{folds} folds need at least {folds} groups, one per fold; there are {order.Length}.", nameof(groups));
        return Enumerable.Range(0, folds).Select(f => Sorted(order.Where((_, i) => i % folds == f))).ToArray();
    }

    /// <summary>The first <paramref name="count"/> groups of the seed's order (nested across counts), in that order.</summary>
    /// <exception cref="ArgumentException">Fewer groups than <paramref name="count"/>, or a count below 1.</exception>
    public static string[] Take(IEnumerable<string> groups, int count, int seed)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), $"At least one group must be taken, got {count}.");
        var order = Shuffled(groups, seed);
        if (order.Length < count) throw new ArgumentException($"{count} groups were asked for; there are {order.Length}.", nameof(groups));
        return order[..count];
    }

    private static string[] Sorted(IEnumerable<string> groups) => groups.Order(StringComparer.Ordinal).ToArray();
}

using Sparsh.Transforms.Core;

namespace Sparsh.MLNet.Splits;

/// <summary>
/// Labelled-data budgets as in Sparsh-skin's sample-efficiency study: train on a fraction of the labelled
/// recordings (whole recordings, so budgets stay group-aware), chosen by a seed.
/// </summary>
public static class DataBudget
{
    /// <summary>The budgets the paper compares: 0.3%, 3.3%, 10%, 33% and 100% of the labelled data.</summary>
    public static IReadOnlyList<double> PaperFractions { get; } = [0.003, 0.033, 0.1, 0.33, 1.0];

    /// <summary>
    /// Picks round(fraction x count) recordings (at least one), the first of the seed's order
    /// (<see cref="GroupPartition.Take"/>), returned in ordinal order. Smaller budgets are subsets of larger ones for the
    /// same seed, so a budget curve compares nested training sets.
    /// </summary>
    public static IReadOnlyList<string> Select(IReadOnlyList<string> recordings, double fraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(recordings);
        if (!(fraction > 0 && fraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(fraction), $"A data budget is a fraction in (0, 1], got {fraction}.");
        if (recordings.Count == 0) throw new ArgumentException("No recordings to choose from.", nameof(recordings));
        int count = Math.Clamp((int)Math.Round(fraction * recordings.Count), 1, recordings.Count);
        return GroupPartition.Take(recordings, count, seed).Order(StringComparer.Ordinal).ToArray();
    }
}

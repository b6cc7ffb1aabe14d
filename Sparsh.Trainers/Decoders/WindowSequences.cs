namespace Sparsh.Trainers.Decoders;

/// <summary>
/// Cuts windows into sequences for the temporal decoder: by recording, in time order, broken at gaps, in
/// chunks of at most the sequence length (the last chunk of a run is shorter rather than dropped).
/// </summary>
internal static class WindowSequences
{
    /// <summary>Row indices of each sequence, in time order.</summary>
    /// <exception cref="InvalidDataException">A start time is not finite, or two windows of one recording start at the same time.</exception>
    public static IReadOnlyList<int[]> Build(IReadOnlyList<string> groups, IReadOnlyList<double> startsSeconds, int length, double gapFactor)
    {
        if (length < 1) throw new ArgumentOutOfRangeException(nameof(length), $"Sequence length must be at least 1, got {length}.");
        var sequences = new List<int[]>();
        foreach (var recording in Enumerable.Range(0, groups.Count).GroupBy(i => groups[i]).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var rows = recording.OrderBy(i => startsSeconds[i]).ToArray();
            // Two windows at one time make an order the sequence model cannot know (duplicated rows, or two streams
            // merged under one id); a NaN time has no place in it at all.
            foreach (int row in rows)
                if (!double.IsFinite(startsSeconds[row]))
                    throw new InvalidDataException($"Recording '{recording.Key}', row {row}: window start {startsSeconds[row]} is not a finite number of seconds.");
            for (int k = 1; k < rows.Length; k++)
                if (startsSeconds[rows[k]] == startsSeconds[rows[k - 1]])
                    throw new InvalidDataException(
                        $"Recording '{recording.Key}', rows {Math.Min(rows[k - 1], rows[k])} and {Math.Max(rows[k - 1], rows[k])}: both windows start at {startsSeconds[rows[k]]} s. " +
                        "Window times must be unique within a recording for the temporal decoder to order them (are rows duplicated, or two recordings sharing an id?).");
            var steps = rows.Zip(rows.Skip(1), (a, b) => startsSeconds[b] - startsSeconds[a]).Order().ToArray();
            double limit = steps.Length == 0 ? double.PositiveInfinity : gapFactor * steps[steps.Length / 2];
            var run = new List<int>();
            foreach (int row in rows)
            {
                bool gap = run.Count > 0 && startsSeconds[row] - startsSeconds[run[^1]] > limit;
                if (gap || run.Count == length)
                {
                    sequences.Add(run.ToArray());
                    run.Clear();
                }
                run.Add(row);
            }
            if (run.Count > 0) sequences.Add(run.ToArray());
        }
        return sequences;
    }
}

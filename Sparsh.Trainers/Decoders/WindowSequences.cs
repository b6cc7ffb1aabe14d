namespace Sparsh.Trainers.Decoders;

/// <summary>
/// Cuts windows into sequences for the temporal decoder: by recording, in time order, broken at gaps, in
/// chunks of at most the sequence length (the last chunk of a run is shorter rather than dropped).
/// </summary>
public static class WindowSequences
{
    /// <summary>Row indices of each sequence, in time order.</summary>
    public static IReadOnlyList<int[]> Build(IReadOnlyList<string> groups, IReadOnlyList<double> startsSeconds, int length, double gapFactor)
    {
        if (length < 1) throw new ArgumentOutOfRangeException(nameof(length), $"Sequence length must be at least 1, got {length}.");
        var sequences = new List<int[]>();
        foreach (var recording in Enumerable.Range(0, groups.Count).GroupBy(i => groups[i]).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var rows = recording.OrderBy(i => startsSeconds[i]).ToArray();
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

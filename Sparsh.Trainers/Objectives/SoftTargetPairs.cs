namespace Sparsh.Trainers.Objectives;

/// <summary>
/// The pairs a soft-target cross-entropy sums over: pair i compares student logit row <see cref="LogitRows"/>[i] with
/// target row <see cref="TargetRows"/>[i], weighted by <see cref="Weights"/>[i], into loss term <see cref="Terms"/>[i].
/// </summary>
internal sealed class SoftTargetPairs
{
    /// <summary>Pairs of one loss term.</summary>
    public SoftTargetPairs(int[] logitRows, int[] targetRows, double[] weights)
        : this(logitRows, targetRows, weights, new int[logitRows.Length], 1)
    {
    }

    private SoftTargetPairs(int[] logitRows, int[] targetRows, double[] weights, int[] terms, int termCount)
    {
        if (targetRows.Length != logitRows.Length || weights.Length != logitRows.Length || terms.Length != logitRows.Length)
            throw new ArgumentException($"Pair arrays differ in length: {logitRows.Length} logit rows, {targetRows.Length} target rows, {weights.Length} weights, {terms.Length} terms.");
        LogitRows = logitRows;
        TargetRows = targetRows;
        Weights = weights;
        Terms = terms;
        TermCount = termCount;
    }

    /// <summary>Student logit row of each pair.</summary>
    public int[] LogitRows { get; }

    /// <summary>Target row of each pair.</summary>
    public int[] TargetRows { get; }

    /// <summary>Weight of each pair in its term.</summary>
    public double[] Weights { get; }

    /// <summary>Loss term of each pair, in [0, <see cref="TermCount"/>).</summary>
    public int[] Terms { get; }

    /// <summary>Number of loss terms.</summary>
    public int TermCount { get; }

    /// <summary>Number of pairs.</summary>
    public int Count => LogitRows.Length;

    /// <summary>The terms side by side: term i of the result is <paramref name="terms"/>[i] (each must have one term).</summary>
    public static SoftTargetPairs Combine(params SoftTargetPairs[] terms)
    {
        if (terms.Any(t => t.TermCount != 1)) throw new ArgumentException("Combine takes single-term pairs.", nameof(terms));
        return new SoftTargetPairs(
            [.. terms.SelectMany(t => t.LogitRows)],
            [.. terms.SelectMany(t => t.TargetRows)],
            [.. terms.SelectMany(t => t.Weights)],
            [.. terms.SelectMany((t, i) => Enumerable.Repeat(i, t.Count))],
            terms.Length);
    }

    /// <summary>Pair indices grouped by logit row: pairs of row r are <c>order[start[r]..start[r + 1]]</c>.</summary>
    public (int[] Start, int[] Order) ByLogitRow(int logitRowCount)
    {
        var start = new int[logitRowCount + 1];
        foreach (int row in LogitRows)
        {
            if ((uint)row >= (uint)logitRowCount)
                throw new ArgumentOutOfRangeException(nameof(logitRowCount), $"A pair names logit row {row}; the logits have {logitRowCount} rows.");
            start[row + 1]++;
        }
        for (int r = 0; r < logitRowCount; r++) start[r + 1] += start[r];
        var next = (int[])start.Clone();
        var order = new int[Count];
        for (int i = 0; i < Count; i++) order[next[LogitRows[i]]++] = i;
        return (start, order);
    }
}

using static TorchSharp.torch;

namespace Sparsh.Trainers.Training;

/// <summary>
/// A batch source over one in-memory set split into training and validation rows: the supervised loop asks for
/// positions within a split, and derived sources receive the rows of the whole set.
/// </summary>
internal abstract class SplitBatchSource(int[] trainRows, int[] validationRows) : ISupervisedBatchSource
{
    /// <inheritdoc/>
    public int TrainCount => trainRows.Length;

    /// <inheritdoc/>
    public int ValidationCount => validationRows.Length;

    /// <inheritdoc/>
    public float[]? LossScale { get; set; }

    /// <inheritdoc/>
    public (Tensor Prediction, Tensor Target) Forward(ReadOnlySpan<int> rows, bool validation)
    {
        var split = validation ? validationRows : trainRows;
        var selected = new long[rows.Length];
        for (int i = 0; i < rows.Length; i++) selected[i] = split[rows[i]];
        return Forward(selected);
    }

    /// <summary>Forward pass for rows of the whole set: predictions and targets of equal shape.</summary>
    protected abstract (Tensor Prediction, Tensor Target) Forward(long[] rows);
}

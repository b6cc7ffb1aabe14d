using Microsoft.ML.Data;

namespace Sparsh.Scoring.Tracking;

/// <summary>
/// One row of a tracking zip in stream form: the new raw window and the pooled summaries of the windows before it. The
/// summary shape depends on the zip, so the model sets it in the schema definition it creates its prediction engine with.
/// </summary>
internal sealed class WindowStreamRow
{
    /// <summary>Raw counts [10, 368, 3].</summary>
    [ColumnName("Magnetic")]
    public float[] Magnetic { get; set; } = [];

    /// <summary>Joint angles [10, 16] in radians.</summary>
    [ColumnName("JointAngles")]
    public float[] JointAngles { get; set; } = [];

    /// <summary>Summaries of earlier windows [N - 1, D], oldest first; rows after <see cref="PastWindowCount"/> are ignored.</summary>
    [ColumnName("PastWindowSummaries")]
    public float[] PastWindowSummaries { get; set; } = [];

    /// <summary>How many rows of <see cref="PastWindowSummaries"/> are real [1].</summary>
    [ColumnName("PastWindowCount")]
    public long[] PastWindowCount { get; set; } = [0];
}

using Microsoft.ML.Data;

namespace Sparsh.Scoring.Tracking;

/// <summary>
/// One row of a tracking model zip: the last N raw windows, oldest first. The vector shapes depend on the zip (N), so the
/// model sets them in the schema definition it creates its prediction engine with.
/// </summary>
internal sealed class WindowSequenceRow
{
    /// <summary>Raw counts [N, 10, 368, 3].</summary>
    [ColumnName("Magnetic")]
    public float[] Magnetic { get; set; } = [];

    /// <summary>Joint angles [N, 10, 16] in radians.</summary>
    [ColumnName("JointAngles")]
    public float[] JointAngles { get; set; } = [];
}

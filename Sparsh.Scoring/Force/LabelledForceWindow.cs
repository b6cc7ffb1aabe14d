using Microsoft.ML.Data;

namespace Sparsh.Scoring.Force;

/// <summary>A held-out window with its true force, as the Quickstart writes them to <c>test_windows.idv</c>.</summary>
public sealed class LabelledForceWindow : ForceWindow
{
    /// <summary>Recording the window was cut from.</summary>
    public string RecordingId { get; set; } = "";

    /// <summary>Start of the window within its recording, in seconds.</summary>
    public double WindowStartSeconds { get; set; }

    /// <summary>True force [shear x, shear y, normal] in newtons at the window's last frame (column <c>force</c>).</summary>
    [ColumnName("force"), VectorType(3)]
    public float[] ForceNewtons { get; set; } = [];
}

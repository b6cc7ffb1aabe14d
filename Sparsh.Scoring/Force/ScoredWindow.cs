using Microsoft.ML.Data;

namespace Sparsh.Scoring.Force;

/// <summary>The columns the app reads from the model zip's output (the prediction engine's output type).</summary>
internal sealed class ScoredWindow
{
    /// <summary>Force [shear x, shear y, normal] in newtons (the decoder's output).</summary>
    [VectorType(3)]
    public float[] Score { get; set; } = [];

    /// <summary>Per frame and taxel: true when all three raw counts were in range (the validity step's output).</summary>
    [VectorType(ForceWindow.Frames, ForceWindow.Taxels)]
    public bool[] Validity { get; set; } = [];
}

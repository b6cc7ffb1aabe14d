using Microsoft.ML.Data;

namespace Sparsh.Quickstart;

/// <summary>The model's answer: force [shear x, shear y, normal] in newtons.</summary>
public sealed class ForcePrediction
{
    /// <summary>Predicted force in newtons.</summary>
    [VectorType(3)]
    public float[] Score { get; set; } = [];
}

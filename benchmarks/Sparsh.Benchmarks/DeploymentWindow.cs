using Microsoft.ML.Data;
using Sparsh.Transforms.Xela;

namespace Sparsh.Benchmarks;

/// <summary>What a deployed app feeds the model zip: one raw window of counts and joint angles.</summary>
public class DeploymentWindow
{
    /// <summary>Raw counts [10 frames, 368 taxels, 3 axes].</summary>
    [VectorType(DeploymentModels.Frames, XelaSkin.TaxelCount, XelaSkin.AxisCount)]
    public float[] Magnetic { get; set; } = [];

    /// <summary>Joint angles [10 frames, 16 joints] in radians.</summary>
    [VectorType(DeploymentModels.Frames, XelaSkin.JointCount)]
    public float[] JointAngles { get; set; } = [];
}

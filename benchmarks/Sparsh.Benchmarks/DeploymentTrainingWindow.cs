using Microsoft.ML.Data;
using Sparsh.Transforms.Xela;

namespace Sparsh.Benchmarks;

/// <summary>A raw window with a made-up force label: the benchmark fits its decoder through the public estimator.</summary>
public sealed class DeploymentTrainingWindow
{
    /// <summary>Recording the window belongs to (the estimator groups by it).</summary>
    public string RecordingId { get; set; } = "";

    /// <summary>Raw counts [10 frames, 368 taxels, 3 axes].</summary>
    [VectorType(DeploymentModels.Frames, XelaSkin.TaxelCount, XelaSkin.AxisCount)]
    public float[] Magnetic { get; set; } = [];

    /// <summary>Joint angles [10 frames, 16 joints] in radians.</summary>
    [VectorType(DeploymentModels.Frames, XelaSkin.JointCount)]
    public float[] JointAngles { get; set; } = [];

    /// <summary>Force label [3].</summary>
    [VectorType(DeploymentModels.Outputs)]
    public float[] Label { get; set; } = [];
}

using Microsoft.ML.Data;

namespace Sparsh.Benchmarks;

/// <summary>A raw window with a made-up force label: the benchmark fits its decoder through the public estimator.</summary>
public sealed class DeploymentTrainingWindow : DeploymentWindow
{
    /// <summary>Recording the window belongs to (the estimator groups by it).</summary>
    public string RecordingId { get; set; } = "";

    /// <summary>Force label [3].</summary>
    [VectorType(DeploymentModels.Outputs)]
    public float[] Label { get; set; } = [];
}

using Microsoft.ML.Data;

namespace Sparsh.Benchmarks;

/// <summary>The model zip's answer for one window: force [3].</summary>
public sealed class DeploymentScore
{
    /// <summary>Decoder outputs.</summary>
    [VectorType(DeploymentModels.Outputs)]
    public float[] Score { get; set; } = [];
}

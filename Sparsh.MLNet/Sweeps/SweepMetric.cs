namespace Sparsh.MLNet.Sweeps;

/// <summary>What a sweep minimises; every choice is "lower is better".</summary>
public enum SweepMetric
{
    /// <summary>Mean over outputs of the per-output RMSE.</summary>
    MeanRootMeanSquaredError,

    /// <summary>Mean over rows of the Euclidean norm of the error vector.</summary>
    MeanEuclideanError,

    /// <summary>Minus the mean over outputs of R^2.</summary>
    NegativeMeanRSquared,
}

using Sparsh.MLNet.Evaluation;

namespace Sparsh.MLNet.Sweeps;

/// <summary>Turns <see cref="MultiOutputRegressionMetrics"/> into the single number a sweep ranks by.</summary>
public static class SweepMetricExtensions
{
    /// <summary>The score of <paramref name="metrics"/> under <paramref name="metric"/> (lower is better).</summary>
    public static double Score(this SweepMetric metric, MultiOutputRegressionMetrics metrics) => metric switch
    {
        SweepMetric.MeanRootMeanSquaredError => metrics.MeanRootMeanSquaredError,
        SweepMetric.MeanEuclideanError => metrics.MeanEuclideanError,
        SweepMetric.NegativeMeanRSquared => -metrics.Outputs.Average(o => o.RSquared),
        _ => throw new ArgumentOutOfRangeException(nameof(metric), $"Unknown sweep metric {metric}."),
    };

    /// <summary>Short column label, e.g. "MeanRMSE".</summary>
    public static string Label(this SweepMetric metric) => metric switch
    {
        SweepMetric.MeanRootMeanSquaredError => "MeanRMSE",
        SweepMetric.MeanEuclideanError => "MeanEuclideanError",
        SweepMetric.NegativeMeanRSquared => "NegMeanR2",
        _ => metric.ToString(),
    };
}

using Microsoft.Data.Analysis;

namespace Sparsh.MLNet.Evaluation;

/// <summary>
/// Metrics of a vector-valued regression (force [3], pose [3], joystick [3]); ML.NET's regression
/// evaluator is scalar-only.
/// </summary>
public sealed class MultiOutputRegressionMetrics
{
    internal MultiOutputRegressionMetrics(IReadOnlyList<OutputMetrics> outputs, long rowCount, double meanEuclideanError, double? accuracyWithinThresholds)
    {
        Outputs = outputs;
        RowCount = rowCount;
        MeanEuclideanError = meanEuclideanError;
        AccuracyWithinThresholds = accuracyWithinThresholds;
    }

    /// <summary>Per-output metrics, in label order.</summary>
    public IReadOnlyList<OutputMetrics> Outputs { get; }

    /// <summary>Rows evaluated.</summary>
    public long RowCount { get; }

    /// <summary>Mean over rows of the Euclidean norm of the error vector.</summary>
    public double MeanEuclideanError { get; }

    /// <summary>Fraction of rows whose every output is within its threshold (pose "accuracy"); null without thresholds.</summary>
    public double? AccuracyWithinThresholds { get; }

    /// <summary>Mean of the per-output RMSEs (a single number for ranking).</summary>
    public double MeanRootMeanSquaredError => Outputs.Average(o => o.RootMeanSquaredError);

    /// <summary>
    /// Mean over outputs of RMSE / standard deviation of the labels (= sqrt(1 - R^2)): unitless, so outputs in newtons, metres
    /// and radians weigh alike; 1 is what predicting the mean scores.
    /// </summary>
    public double MeanNormalizedRootMeanSquaredError => Outputs.Average(o => Math.Sqrt(Math.Max(0, 1 - o.RSquared)));

    /// <summary>One row per output: Output, RMSE, MAE, R2, PearsonR, AccuracyWithinThreshold.</summary>
    public DataFrame ToDataFrame()
    {
        var accuracy = new DoubleDataFrameColumn("AccuracyWithinThreshold", Outputs.Select(o => o.AccuracyWithinThreshold));
        return new DataFrame(
            new StringDataFrameColumn("Output", Outputs.Select(o => o.Name)),
            new DoubleDataFrameColumn("RMSE", Outputs.Select(o => o.RootMeanSquaredError)),
            new DoubleDataFrameColumn("MAE", Outputs.Select(o => o.MeanAbsoluteError)),
            new DoubleDataFrameColumn("R2", Outputs.Select(o => o.RSquared)),
            new DoubleDataFrameColumn("PearsonR", Outputs.Select(o => o.PearsonR)),
            accuracy);
    }

    /// <inheritdoc/>
    public override string ToString() =>
        string.Join("; ", Outputs.Select(o => $"{o.Name}: RMSE {o.RootMeanSquaredError:G4}, R2 {o.RSquared:F3}, r {o.PearsonR:F3}"))
        + $"; mean Euclidean error {MeanEuclideanError:G4}" + (AccuracyWithinThresholds is { } a ? $"; accuracy {a:P1}" : "");
}

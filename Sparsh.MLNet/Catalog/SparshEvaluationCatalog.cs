using Microsoft.ML;
using Sparsh.MLNet.Evaluation;
using Sparsh.MLNet.Regression;
using Sparsh.MLNet.Splits;
using Sparsh.MLNet.Studies;

namespace Sparsh;

/// <summary>
/// The workbench part of <c>mlContext.Sparsh()</c> (Sparsh.MLNet): multi-output evaluation, group-aware splits, one
/// ML.NET trainer per output, and the sample-efficiency study.
/// </summary>
public static class SparshEvaluationCatalog
{
    /// <summary>Per-output RMSE, MAE, R^2, Pearson r, mean Euclidean error and threshold accuracy of vector predictions.</summary>
    /// <param name="catalog">The catalog (<c>mlContext.Sparsh()</c>).</param>
    /// <param name="scored">Scored data with a label vector and a score vector of the same length.</param>
    /// <param name="labelColumnName">The label vector column.</param>
    /// <param name="scoreColumnName">The score vector column.</param>
    /// <param name="outputNames">One name per output (e.g. "Fx", "Fy", "Fz"; null: "output0", "output1", ...).</param>
    /// <param name="thresholds">Per-output tolerance for the accuracy metrics, in the label's units (null: skipped).</param>
    public static MultiOutputRegressionMetrics Evaluate(this SparshCatalog catalog, IDataView scored, string labelColumnName = "Label",
        string scoreColumnName = "Score", IReadOnlyList<string>? outputNames = null, IReadOnlyList<double>? thresholds = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return MultiOutputRegressionEvaluator.Evaluate(scored, labelColumnName, scoreColumnName, outputNames, thresholds);
    }

    /// <summary>Train/test split that keeps each recording (or skin, via <paramref name="groupColumnName"/>) on one side.</summary>
    /// <param name="catalog">The catalog (<c>mlContext.Sparsh()</c>).</param>
    /// <param name="data">The rows to split.</param>
    /// <param name="testFraction">The fraction of groups in the test set.</param>
    /// <param name="groupColumnName">The column whose values stay together.</param>
    /// <param name="seed">The seed of the shuffle before groups are dealt out (null: 0).</param>
    /// <exception cref="ArgumentException">The data has fewer than 2 groups.</exception>
    public static GroupTrainTestData TrainTestSplit(this SparshCatalog catalog, IDataView data, double testFraction = 0.2,
        string groupColumnName = "RecordingId", int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return GroupSplits.TrainTestSplit(catalog.Context, data, testFraction, groupColumnName, seed);
    }

    /// <summary>Cross-validation folds keyed by recording (or skin), so overlapping windows never leak between folds.</summary>
    /// <param name="catalog">The catalog (<c>mlContext.Sparsh()</c>).</param>
    /// <param name="data">The rows to split.</param>
    /// <param name="folds">The number of folds.</param>
    /// <param name="groupColumnName">The column whose values stay together.</param>
    /// <param name="seed">The seed of the shuffle before groups are dealt out (null: 0).</param>
    /// <exception cref="ArgumentException">The data has fewer groups than <paramref name="folds"/>.</exception>
    public static IReadOnlyList<GroupTrainTestData> CrossValidationFolds(this SparshCatalog catalog, IDataView data, int folds = 5,
        string groupColumnName = "RecordingId", int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return GroupSplits.CrossValidationFolds(catalog.Context, data, folds, groupColumnName, seed);
    }

    /// <summary>One standard ML.NET regression trainer per label component (e.g. FastTree on pooled embeddings), scores gathered into one vector.</summary>
    /// <param name="catalog">The catalog (<c>mlContext.Sparsh()</c>).</param>
    /// <param name="trainer">Makes the trainer for one component from its (label, feature) column names.</param>
    /// <param name="featureColumnName">The feature vector column.</param>
    /// <param name="labelColumnName">The label vector column.</param>
    /// <param name="scoreColumnName">The score vector column to add.</param>
    public static PerOutputRegressionEstimator PerOutputRegression(this SparshCatalog catalog, Func<string, string, IEstimator<ITransformer>> trainer,
        string featureColumnName, string labelColumnName = "Label", string scoreColumnName = "Score")
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(catalog.Context, trainer, featureColumnName, labelColumnName, scoreColumnName);
    }

    /// <summary>
    /// The sample-efficiency study: decoders in every mode on nested label budgets x seeds, tuned and early-stopped on fixed
    /// validation recordings, tested on others; results with mean and spread over seeds, plots, and the best model to ship.
    /// </summary>
    /// <param name="catalog">The catalog (<c>mlContext.Sparsh()</c>).</param>
    /// <param name="options">Data, modes, budgets, seeds and training.</param>
    public static SampleEfficiencyStudy SampleEfficiencyStudy(this SparshCatalog catalog, SampleEfficiencyOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(catalog.Context, options);
    }
}

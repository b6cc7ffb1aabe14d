using Microsoft.ML;
using Sparsh.Transforms.Xela;

namespace Sparsh.MLNet.Splits;

/// <summary>
/// Train/test splits and cross-validation folds keyed by a group column (the recording id by default, or
/// the skin id), so overlapping windows of one recording never land on both sides. Built on ML.NET's own
/// sampling-key splits, which hash the key so each group falls wholly into one part.
/// </summary>
public static class GroupSplits
{
    /// <summary>Splits by group; about <paramref name="testFraction"/> of the groups go to the test set.</summary>
    public static DataOperationsCatalog.TrainTestData TrainTestSplit(MLContext mlContext, IDataView data, double testFraction = 0.2,
        string groupColumnName = XelaColumnNames.RecordingId, int? seed = null)
    {
        RequireGroupColumn(data, groupColumnName);
        return mlContext.Data.TrainTestSplit(data, testFraction, groupColumnName, seed);
    }

    /// <summary>K folds by group: every group is in exactly one fold's test set.</summary>
    public static IReadOnlyList<DataOperationsCatalog.TrainTestData> CrossValidationFolds(MLContext mlContext, IDataView data, int folds = 5,
        string groupColumnName = XelaColumnNames.RecordingId, int? seed = null)
    {
        if (folds < 2) throw new ArgumentOutOfRangeException(nameof(folds), $"Cross-validation needs at least 2 folds, got {folds}.");
        RequireGroupColumn(data, groupColumnName);
        return mlContext.Data.CrossValidationSplit(data, folds, groupColumnName, seed);
    }

    private static void RequireGroupColumn(IDataView data, string name)
    {
        if (data.Schema.GetColumnOrNull(name) == null)
            throw new ArgumentOutOfRangeException(nameof(name),
                $"Group column '{name}' not found; split by a recording or skin id column. Available: {string.Join(", ", data.Schema.Select(c => c.Name))}.");
    }
}

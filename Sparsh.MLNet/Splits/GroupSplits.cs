using System.Reflection;
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
    /// <exception cref="ArgumentException">The data has fewer than 2 groups, so the test set would be empty.</exception>
    public static DataOperationsCatalog.TrainTestData TrainTestSplit(MLContext mlContext, IDataView data, double testFraction = 0.2,
        string groupColumnName = XelaColumnNames.RecordingId, int? seed = null)
    {
        var column = RequireGroupColumn(data, groupColumnName);
        int groups = CountGroups(data, column, upTo: 2);
        if (groups < 2)
            throw new ArgumentException(
                $"A train/test split by group column '{groupColumnName}' needs at least 2 groups, one for each side; the data has {groups}. " +
                "Split by a finer column or add recordings.", nameof(data));
        return mlContext.Data.TrainTestSplit(data, testFraction, groupColumnName, seed);
    }

    /// <summary>K folds by group: every group is in exactly one fold's test set.</summary>
    /// <exception cref="ArgumentException">The data has fewer groups than <paramref name="folds"/>, so a fold would be empty.</exception>
    public static IReadOnlyList<DataOperationsCatalog.TrainTestData> CrossValidationFolds(MLContext mlContext, IDataView data, int folds = 5,
        string groupColumnName = XelaColumnNames.RecordingId, int? seed = null)
    {
        if (folds < 2) throw new ArgumentOutOfRangeException(nameof(folds), $"Cross-validation needs at least 2 folds, got {folds}.");
        var column = RequireGroupColumn(data, groupColumnName);
        int groups = CountGroups(data, column, upTo: folds);
        if (groups < folds)
            throw new ArgumentException(
                $"{folds} cross-validation folds by group column '{groupColumnName}' need at least {folds} groups, one per fold; the data has {groups}. " +
                $"Use at most {Math.Max(groups, 2)} folds or split by a finer column.", nameof(folds));
        return mlContext.Data.CrossValidationSplit(data, folds, groupColumnName, seed);
    }

    private static DataViewSchema.Column RequireGroupColumn(IDataView data, string name) =>
        data.Schema.GetColumnOrNull(name) ?? throw new ArgumentOutOfRangeException(nameof(name),
            $"Group column '{name}' not found; split by a recording or skin id column. Available: {string.Join(", ", data.Schema.Select(c => c.Name))}.");

    // Distinct values of the group column, counted up to `upTo`: the scan stops as soon as there are enough groups.
    private static int CountGroups(IDataView data, DataViewSchema.Column column, int upTo)
    {
        var count = typeof(GroupSplits).GetMethod(nameof(CountDistinct), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(column.Type.RawType);
        return (int)count.Invoke(null, [data, column, upTo])!;
    }

    private static int CountDistinct<T>(IDataView data, DataViewSchema.Column column, int upTo)
    {
        // Text arrives as ReadOnlyMemory<char>, which compares by reference; compare its characters instead.
        var seen = new HashSet<object>();
        using var cursor = data.GetRowCursor([column]);
        var getter = cursor.GetGetter<T>(column);
        T value = default!;
        while (seen.Count < upTo && cursor.MoveNext())
        {
            getter(ref value);
            seen.Add(value is ReadOnlyMemory<char> text ? text.ToString() : (object?)value ?? "");
        }
        return seen.Count;
    }
}

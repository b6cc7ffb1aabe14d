using Microsoft.ML;
using Sparsh.Transforms.Core;
using Sparsh.Transforms.Xela;

namespace Sparsh.MLNet.Splits;

/// <summary>
/// Train/test splits and cross-validation folds keyed by a group column (the recording id by default, or
/// the skin id), so overlapping windows of one recording never land on both sides. Groups are assigned exactly
/// (<see cref="GroupPartition"/>), not by ML.NET's hashed sampling key, which with a handful of groups leaves a side or a
/// fold empty.
/// </summary>
public static class GroupSplits
{
    /// <summary>
    /// Splits by group so no group is on both sides: round(<paramref name="testFraction"/> x groups) whole groups, at
    /// least one, go to the test set, exactly (<see cref="GroupPartition.HoldOut"/>), after a shuffle seeded by
    /// <paramref name="seed"/> (0 when null).
    /// </summary>
    /// <exception cref="ArgumentException">The group column is missing or not text, or it has fewer than 2 groups.</exception>
    public static GroupTrainTestData TrainTestSplit(MLContext mlContext, IDataView data, double testFraction = 0.2,
        string groupColumnName = XelaColumnNames.RecordingId, int? seed = null)
    {
        var groups = RequireGroups(data, groupColumnName, needed: 2, $"A train/test split by group column '{groupColumnName}' needs at least 2 groups, one for each side");
        var (train, test) = GroupPartition.HoldOut(groups, testFraction, seed ?? 0);
        return Split(mlContext, data, groupColumnName, train, test);
    }

    /// <summary>
    /// <paramref name="folds"/> cross-validation folds by group, dealt exactly (<see cref="GroupPartition.Folds"/>): every
    /// fold holds whole groups and none is empty.
    /// </summary>
    /// <exception cref="ArgumentException">The group column is missing or not text, or it has fewer groups than folds.</exception>
    public static IReadOnlyList<GroupTrainTestData> CrossValidationFolds(MLContext mlContext, IDataView data, int folds = 5,
        string groupColumnName = XelaColumnNames.RecordingId, int? seed = null)
    {
        if (folds < 2) throw new ArgumentOutOfRangeException(nameof(folds), $"Cross-validation needs at least 2 folds, got {folds}.");
        var groups = RequireGroups(data, groupColumnName, needed: folds,
            $"{folds} cross-validation folds by group column '{groupColumnName}' need at least {folds} groups, one per fold");
        var dealt = GroupPartition.Folds(groups, folds, seed ?? 0);
        return dealt.Select(held => Split(mlContext, data, groupColumnName, groups.Except(held, StringComparer.Ordinal).ToArray(), held)).ToArray();
    }

    private static GroupTrainTestData Split(MLContext mlContext, IDataView data, string groupColumnName, string[] train, string[] test) => new(
        GroupFilter.Keep(mlContext, data, groupColumnName, train.ToHashSet(StringComparer.Ordinal)),
        GroupFilter.Keep(mlContext, data, groupColumnName, test.ToHashSet(StringComparer.Ordinal)), train, test);

    private static string[] RequireGroups(IDataView data, string groupColumnName, int needed, string need)
    {
        var groups = GroupFilter.Groups(data, groupColumnName);
        if (groups.Length < needed)
            throw new ArgumentException(
                $"{need}; the data has {groups.Length}. " + (needed > 2 ? $"Use at most {Math.Max(groups.Length, 2)} folds or split by a finer column." : "Split by a finer column or add recordings."),
                nameof(data));
        return groups;
    }
}

using Sparsh.Transforms.Core;

namespace Sparsh.Trainers.Training;

/// <summary>Holds out whole groups (recordings) for validation, so overlapping windows never straddle train and validation.</summary>
public static class ValidationSplit
{
    /// <summary>Row indices of training and validation rows as <paramref name="options"/> asks: its fixed validation groups, else a seeded fraction.</summary>
    public static (int[] Train, int[] Validation) ByGroup(IReadOnlyList<string> groups, SupervisedTrainingOptions options)
    {
        if (options.ValidationGroups is not { } fixedGroups) return ByGroup(groups, options.ValidationFraction, options.Seed);
        var validationGroups = fixedGroups.ToHashSet(StringComparer.Ordinal);
        var (train, validation) = Partition(groups, validationGroups);
        if (validation.Length == 0 && validationGroups.Count > 0)
            throw new ArgumentException($"None of the validation groups ({string.Join(", ", validationGroups.Order(StringComparer.Ordinal).Take(5))}) occurs in the training data's group column: check the names.", nameof(options));
        if (train.Length == 0)
            throw new ArgumentException($"Every training row belongs to a validation group ({string.Join(", ", validationGroups.Order(StringComparer.Ordinal).Take(5))}...): nothing left to train on.", nameof(options));
        return (train, validation);
    }

    /// <summary>Row indices of training and validation rows; about <paramref name="fraction"/> of the groups (at least one, if there are two or more) go to validation.</summary>
    public static (int[] Train, int[] Validation) ByGroup(IReadOnlyList<string> groups, double fraction, int seed)
    {
        if (fraction <= 0 || groups.Distinct(StringComparer.Ordinal).Take(2).Count() < 2) return (Enumerable.Range(0, groups.Count).ToArray(), []);
        var (_, held) = GroupPartition.HoldOut(groups, fraction, seed);
        return Partition(groups, held.ToHashSet(StringComparer.Ordinal));
    }

    private static (int[] Train, int[] Validation) Partition(IReadOnlyList<string> groups, HashSet<string> validationGroups)
    {
        var train = new List<int>();
        var validation = new List<int>();
        for (int i = 0; i < groups.Count; i++) (validationGroups.Contains(groups[i]) ? validation : train).Add(i);
        return (train.ToArray(), validation.ToArray());
    }
}

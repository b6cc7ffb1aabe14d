using Microsoft.ML;
using Sparsh.MLNet.Splits;
using Sparsh.Transforms.Core;

namespace Sparsh.MLNet.Studies;

/// <summary>
/// Which recordings a sample-efficiency study uses where: a fixed validation draw, the pool the budgets come from, and
/// the test recordings. Budgets of one seed are nested prefixes of one seeded shuffle of the pool.
/// </summary>
internal sealed class SampleEfficiencyPlan
{
    private SampleEfficiencyPlan(IReadOnlyList<string> pool, IReadOnlyList<string> validation, IReadOnlyList<string> test, IReadOnlyDictionary<string, int> windows)
    {
        Pool = pool;
        Validation = validation;
        Test = test;
        WindowsPerRecording = windows;
    }

    public IReadOnlyList<string> Pool { get; }

    public IReadOnlyList<string> Validation { get; }

    public IReadOnlyList<string> Test { get; }

    public IReadOnlyDictionary<string, int> WindowsPerRecording { get; }

    public static SampleEfficiencyPlan Create(IDataView labelled, IDataView test, SampleEfficiencyOptions options)
    {
        var labelledGroups = DataViewReader.ReadTextColumn(labelled, options.GroupColumnName);
        var windows = labelledGroups.GroupBy(g => g, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var recordings = windows.Keys.Order(StringComparer.Ordinal).ToArray();
        var testRecordings = GroupFilter.Groups(test, options.GroupColumnName);
        if (testRecordings.FirstOrDefault(windows.ContainsKey) is { } shared)
            throw new ArgumentException($"Recording '{shared}' is in both the labelled data and the test data; the test recordings must be others.", nameof(test));
        if (testRecordings.Length == 0) throw new ArgumentException("The test data has no rows.", nameof(test));
        if (labelled.Schema.GetColumnOrNull(options.LabelColumnName)?.Type is not { } labelType)
            throw new ArgumentException($"The labelled data has no label column '{options.LabelColumnName}'.", nameof(labelled));
        int width = labelType is Microsoft.ML.Data.VectorDataViewType vector ? vector.Size : 1;
        if (width != options.OutputNames.Count)
            throw new ArgumentException($"Label column '{options.LabelColumnName}' has {width} values per window ({labelType}) but {options.OutputNames.Count} output names were given.", nameof(options));
        if (options.Thresholds is { } thresholds && thresholds.Count != width)
            throw new ArgumentException($"{thresholds.Count} thresholds were given for the {width} outputs of '{options.LabelColumnName}'.", nameof(options));
        int needed = options.ValidationRecordings + options.BudgetRecordings.Max();
        if (recordings.Length < needed)
            throw new ArgumentException($"The labelled data has {recordings.Length} recordings in '{options.GroupColumnName}'; the study needs " +
                $"{options.ValidationRecordings} for validation plus {options.BudgetRecordings.Max()} for its largest budget ({needed}).", nameof(labelled));
        var validation = GroupPartition.Take(recordings, options.ValidationRecordings, options.ValidationSeed).Order(StringComparer.Ordinal).ToArray();
        var pool = recordings.Except(validation).ToArray();
        return new SampleEfficiencyPlan(pool, validation, testRecordings, windows);
    }

    /// <summary>Training sequences of the temporal decoder in these recordings: each recording is cut on its own, the last piece shorter.</summary>
    public int Sequences(IEnumerable<string> recordings, int sequenceLengthWindows)
        => recordings.Sum(r => (WindowsPerRecording[r] + sequenceLengthWindows - 1) / sequenceLengthWindows);

    /// <summary>The first <paramref name="recordings"/> of the pool in the seed's order (nested across budgets).</summary>
    public IReadOnlyList<string> Budget(int seed, int recordings) => GroupPartition.Take(Pool, recordings, seed);
}

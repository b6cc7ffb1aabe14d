using Microsoft.Data.Analysis;
using Microsoft.ML;
using Sparsh.Transforms.Core;

namespace Sparsh.MLNet.Studies;

/// <summary>
/// What a <see cref="SampleEfficiencyStudy"/> measured: every run, the recordings used for validation and test, the summary
/// over seeds (mean and standard deviation per mode and budget) and the model that scored best on validation.
/// </summary>
public sealed class SampleEfficiencyResult
{
    internal SampleEfficiencyResult(SampleEfficiencyOptions options, IReadOnlyList<SampleEfficiencyRun> runs, IReadOnlyList<string> validationRecordings,
        IReadOnlyList<string> testRecordings, SampleEfficiencyRun? bestRun, ITransformer? bestModel)
    {
        Options = options;
        Runs = runs;
        ValidationRecordings = validationRecordings;
        TestRecordings = testRecordings;
        BestRun = bestRun;
        BestModel = bestModel;
    }

    /// <summary>The options the study ran with (a copy).</summary>
    public SampleEfficiencyOptions Options { get; }

    /// <summary>Every run, including the learning rates not selected.</summary>
    public IReadOnlyList<SampleEfficiencyRun> Runs { get; }

    /// <summary>The runs chosen on validation: one per mode, budget and seed.</summary>
    public IEnumerable<SampleEfficiencyRun> Selected => Runs.Where(r => r.Selected);

    /// <summary>Recordings that early-stopped every decoder and chose learning rates and the shipped model.</summary>
    public IReadOnlyList<string> ValidationRecordings { get; }

    /// <summary>Recordings every run was tested on (they chose nothing).</summary>
    public IReadOnlyList<string> TestRecordings { get; }

    /// <summary>The run with the lowest validation score, of any mode (the linear probe included), or null when no run finished.</summary>
    public SampleEfficiencyRun? BestRun { get; }

    /// <summary>The model of <see cref="BestRun"/>: model-ready windows in, <c>Score</c> out (Frozen and the probe include the encoder).</summary>
    public ITransformer? BestModel { get; }

    /// <summary>File name of <see cref="RunsFrame"/> as <see cref="SaveCsv"/> writes it.</summary>
    public const string RunsFileName = "study_runs.csv";

    /// <summary>File name of <see cref="Summary"/> as <see cref="SaveCsv"/> writes it (what <see cref="SampleEfficiencyComparison"/> reads).</summary>
    public const string SummaryFileName = "study_summary.csv";

    /// <summary>
    /// Writes <see cref="RunsFrame"/> and then <see cref="Summary"/> as CSV into <paramref name="folder"/> (created if needed),
    /// each replaced all at once, so a summary on disk is whole and means the study finished (what resumable scripts test).
    /// </summary>
    public void SaveCsv(string folder)
    {
        Directory.CreateDirectory(folder);
        WriteCsvAtomically(RunsFrame(), Path.Combine(folder, RunsFileName));
        WriteCsvAtomically(Summary(), Path.Combine(folder, SummaryFileName));
    }

    private static void WriteCsvAtomically(DataFrame frame, string path) =>
        AtomicFile.Write(path, path + ".tmp", stream => DataFrame.SaveCsv(frame, stream, cultureInfo: System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Mean and sample standard deviation over seeds of a metric of the selected runs of one mode and budget.</summary>
    public SampleEfficiencyStatistic Statistic(SampleEfficiencyMode mode, int budgetRecordings, Func<SampleEfficiencyRun, double> metric)
    {
        var values = Selected.Where(r => r.Mode == mode && r.BudgetRecordings == budgetRecordings).Select(metric).ToArray();
        if (values.Length == 0) return new(double.NaN, double.NaN, 0);
        double mean = values.Average();
        double std = values.Length < 2 ? 0 : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
        return new(mean, std, values.Length);
    }

    /// <summary>Every run as a row: mode, budget, seed, learning rate (or the probe's ridge penalty), selected, training windows, validation and test scores, test RMSE per output.</summary>
    public DataFrame RunsFrame()
    {
        var columns = new List<DataFrameColumn>
        {
            new StringDataFrameColumn("Mode", Runs.Select(r => r.Mode.ToString())),
            new Int32DataFrameColumn("BudgetRecordings", Runs.Select(r => r.BudgetRecordings)),
            new Int32DataFrameColumn("Seed", Runs.Select(r => r.Seed)),
            new DoubleDataFrameColumn("LearningRate", Runs.Select(r => r.LearningRate)),
            new DoubleDataFrameColumn("L2Regularization", Runs.Select(r => r.L2Regularization)),
            new BooleanDataFrameColumn("Selected", Runs.Select(r => r.Selected)),
            new Int32DataFrameColumn("TrainingWindows", Runs.Select(r => r.TrainingWindows)),
            new DoubleDataFrameColumn("ValidationNormalizedRmse", Runs.Select(r => r.ValidationNormalizedRmse)),
            new DoubleDataFrameColumn("TestNormalizedRmse", Runs.Select(r => r.TestNormalizedRmse)),
            new DoubleDataFrameColumn("TestMeanRmse", Runs.Select(r => r.TestMeanRmse)),
        };
        for (int o = 0; o < Options.OutputNames.Count; o++)
        {
            int output = o;
            columns.Add(new DoubleDataFrameColumn($"TestRmse[{Options.OutputNames[o]}]", Runs.Select(r => r.Test.Outputs[output].RootMeanSquaredError)));
            columns.Add(new DoubleDataFrameColumn($"TestR2[{Options.OutputNames[o]}]", Runs.Select(r => r.Test.Outputs[output].RSquared)));
        }
        columns.Add(new Int64DataFrameColumn("BestEpochStep", Runs.Select(r => r.History.BestEpoch > 0 ? r.History.Epochs[r.History.BestEpoch - 1].Step : 0L)));
        return new DataFrame(columns);
    }

    /// <summary>
    /// One row per mode and budget: seeds, mean and standard deviation over seeds of the test mean RMSE (label units), the
    /// normalised test RMSE, each output's test RMSE and R2, the validation score, and the settings chosen (learning rates, or the probe's ridge penalties).
    /// </summary>
    public DataFrame Summary()
    {
        var keys = Selected.Select(r => (r.Mode, r.BudgetRecordings)).Distinct().OrderBy(k => k.Mode).ThenBy(k => k.BudgetRecordings).ToArray();
        var columns = new List<DataFrameColumn>
        {
            new StringDataFrameColumn("Mode", keys.Select(k => k.Mode.ToString())),
            new Int32DataFrameColumn("BudgetRecordings", keys.Select(k => k.BudgetRecordings)),
            new Int32DataFrameColumn("Seeds", keys.Select(k => Statistic(k.Mode, k.BudgetRecordings, r => 0).Seeds)),
        };
        void Add(string name, Func<SampleEfficiencyRun, double> metric)
        {
            var stats = keys.Select(k => Statistic(k.Mode, k.BudgetRecordings, metric)).ToArray();
            columns.Add(new DoubleDataFrameColumn($"{name}Mean", stats.Select(s => s.Mean)));
            columns.Add(new DoubleDataFrameColumn($"{name}Std", stats.Select(s => s.StandardDeviation)));
        }
        Add("TestMeanRmse", r => r.TestMeanRmse);
        Add("TestNormalizedRmse", r => r.TestNormalizedRmse);
        for (int o = 0; o < Options.OutputNames.Count; o++)
        {
            int output = o;
            Add($"TestRmse[{Options.OutputNames[o]}]", r => r.Test.Outputs[output].RootMeanSquaredError);
            Add($"TestR2[{Options.OutputNames[o]}]", r => r.Test.Outputs[output].RSquared);
        }
        Add("ValidationNormalizedRmse", r => r.ValidationNormalizedRmse);
        columns.Add(new StringDataFrameColumn("ChosenSettings", keys.Select(k => string.Join(" ",
            Selected.Where(r => r.Mode == k.Mode && r.BudgetRecordings == k.BudgetRecordings).OrderBy(r => r.Seed)
                .Select(r => (r.Mode.IsRidgeProbe() ? r.L2Regularization : r.LearningRate).ToString("G3"))))));
        return new DataFrame(columns);
    }
}

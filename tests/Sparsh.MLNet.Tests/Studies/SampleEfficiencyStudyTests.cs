using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.MLNet.Studies;
using Sparsh.Trainers.Encoder;
using Sparsh.Transforms.Xela;

namespace Sparsh.MLNet.Tests.Studies;

[TestClass]
public sealed class SampleEfficiencyStudyTests
{
    private const int Frames = 10;
    private const int WindowsPerRecording = 6;

    public sealed class Window
    {
        public string RecordingId { get; set; } = "";
        [VectorType(Frames, XelaSkin.TaxelCount, 3)] public float[] Magnetic { get; set; } = [];
        [VectorType(Frames, XelaSkin.TaxelCount, 3)] public float[] TaxelPositions { get; set; } = [];
        [VectorType(Frames, XelaSkin.TaxelCount)] public bool[] Validity { get; set; } = [];
        [VectorType(2)] public float[] Label { get; set; } = [];
    }

    /// <summary>Windows of recordings "r00".. whose label is a known function of the flux (press depth and where it is).</summary>
    private static IDataView Windows(MLContext mlContext, IEnumerable<int> recordings)
    {
        var positions = Enumerable.Range(0, Frames * XelaSkin.ValuesPerFrame).Select(i => 0.001f * (i % 97)).ToArray();
        var validity = Enumerable.Repeat(true, Frames * XelaSkin.TaxelCount).ToArray();
        var rows = new List<Window>();
        foreach (int r in recordings)
        {
            var random = new Random(100 + r);
            for (int w = 0; w < WindowsPerRecording; w++)
            {
                float depth = (float)random.NextDouble(), where = (float)random.NextDouble();
                int centre = (int)(where * (XelaSkin.TaxelCount - 1));
                var flux = new float[Frames * XelaSkin.ValuesPerFrame];
                for (int f = 0; f < Frames; f++)
                    for (int t = Math.Max(0, centre - 8); t < Math.Min(XelaSkin.TaxelCount, centre + 8); t++)
                        flux[f * XelaSkin.ValuesPerFrame + 3 * t + 2] = 3 * depth + 0.1f * (float)random.NextDouble();
                rows.Add(new Window { RecordingId = $"r{r:00}", Magnetic = flux, TaxelPositions = positions, Validity = validity, Label = [depth, where] });
            }
        }
        return mlContext.Data.Cache(mlContext.Data.LoadFromEnumerable(rows));
    }

    private static SparshSkinEncoderTransformer RandomEncoder()
    {
        TorchSharp.torch.random.manual_seed(3);
        return new SparshSkinEncoderTransformer(new SparshSkinEncoder(SparshSkinEncoderConfig.ForSize(SparshSkinEncoderSize.Micro)));
    }

    private static SampleEfficiencyOptions Options(params SampleEfficiencyMode[] modes) => new()
    {
        OutputNames = ["depth", "where"],
        Modes = modes,
        BudgetRecordings = [1, 2, 4],
        Seeds = [1, 2],
        ValidationRecordings = 2,
        OptimizerSteps = 2,
        BatchSize = 4,
        LinearProbeL2Regularizations = [1e-2, 1],
        SignalProbeL2Regularizations = [1, 100],
        CpuThreads = 1,
    };

    [TestMethod]
    public void BudgetsAreNestedPerSeedAndNeverTouchValidationOrTestRecordings()
    {
        var mlContext = new MLContext(seed: 1);
        var result = mlContext.Sparsh().SampleEfficiencyStudy(Options(SampleEfficiencyMode.LinearProbe))
            .Run(Windows(mlContext, Enumerable.Range(0, 8)), Windows(mlContext, [8, 9]), RandomEncoder());

        CollectionAssert.AreEquivalent(new[] { "r08", "r09" }, result.TestRecordings.ToArray());
        Assert.HasCount(2, result.ValidationRecordings);
        var draws = new List<string[]>();
        foreach (int seed in new[] { 1, 2 })
        {
            var runs = result.Selected.Where(r => r.Seed == seed).OrderBy(r => r.BudgetRecordings).ToArray();
            CollectionAssert.AreEqual(new[] { 1, 2, 4 }, runs.Select(r => r.TrainingRecordings.Count).ToArray(), "a budget is that many recordings");
            for (int i = 1; i < runs.Length; i++)
                CollectionAssert.IsSubsetOf(runs[i - 1].TrainingRecordings.ToArray(), runs[i].TrainingRecordings.ToArray(), $"seed {seed}: budgets are nested");
            foreach (var run in runs)
            {
                Assert.IsFalse(run.TrainingRecordings.Intersect(result.ValidationRecordings).Any(), $"seed {seed} budget {run.BudgetRecordings}: no validation recording trains");
                Assert.IsFalse(run.TrainingRecordings.Intersect(result.TestRecordings).Any(), $"seed {seed} budget {run.BudgetRecordings}: no test recording trains");
                Assert.AreEqual(WindowsPerRecording * run.BudgetRecordings, run.TrainingWindows);
            }
            draws.Add([.. runs[^1].TrainingRecordings.Order()]);
        }
        Assert.IsFalse(draws[0].SequenceEqual(draws[1]) && result.Runs.Where(r => r.Seed == 1).Select(r => r.TrainingRecordings[0]).SequenceEqual(
            result.Runs.Where(r => r.Seed == 2).Select(r => r.TrainingRecordings[0])), "each seed draws its own budgets");
        // With only the probe run, the shipped model is the probe that read best on validation, behind its encoder.
        var best = result.BestRun!;
        Assert.AreEqual(SampleEfficiencyMode.LinearProbe, best.Mode);
        Assert.AreEqual(result.Selected.Min(r => r.ValidationNormalizedRmse), best.ValidationNormalizedRmse);
        var scores = result.BestModel!.Transform(Windows(mlContext, [8, 9])).GetColumn<float[]>("Score").ToArray();
        Assert.IsTrue(scores.Length > 0 && scores.All(s => s.All(float.IsFinite)), "the shipped probe scores windows");
    }

    [TestMethod]
    public void TheSignalProbeReadsTheFluxWithoutTheEncoderTunedOverItsOwnPenalties()
    {
        // The signal probe fits the flux's frame mean and never touches the encoder: two encoders, the same numbers.
        SampleEfficiencyResult Study(int encoderSeed)
        {
            var mlContext = new MLContext(seed: 1);
            TorchSharp.torch.random.manual_seed(encoderSeed);
            var encoder = new SparshSkinEncoderTransformer(new SparshSkinEncoder(SparshSkinEncoderConfig.ForSize(SparshSkinEncoderSize.Micro)));
            return mlContext.Sparsh().SampleEfficiencyStudy(Options(SampleEfficiencyMode.SignalProbe, SampleEfficiencyMode.LinearProbe))
                .Run(Windows(mlContext, Enumerable.Range(0, 8)), Windows(mlContext, [8, 9]), encoder);
        }
        var result = Study(encoderSeed: 3);
        var signal = result.Runs.Where(r => r.Mode == SampleEfficiencyMode.SignalProbe).ToArray();
        Assert.HasCount(2 * 3 * 2, signal, "seeds x budgets x two ridge penalties");
        CollectionAssert.AreEquivalent(new[] { 1.0, 100 }, signal.Select(r => r.L2Regularization).Distinct().ToArray(), "tuned over its own penalties");
        Assert.IsTrue(signal.All(r => double.IsNaN(r.LearningRate)));
        Assert.IsTrue(signal.All(r => double.IsFinite(r.TestMeanRmse) && double.IsFinite(r.ValidationNormalizedRmse)));

        var otherEncoder = Study(encoderSeed: 4);
        CollectionAssert.AreEqual(signal.Select(r => r.TestMeanRmse).ToArray(),
            otherEncoder.Runs.Where(r => r.Mode == SampleEfficiencyMode.SignalProbe).Select(r => r.TestMeanRmse).ToArray(), "no encoder is read");
        Assert.AreNotEqual(result.Statistic(SampleEfficiencyMode.LinearProbe, 4, r => r.TestMeanRmse).Mean,
            otherEncoder.Statistic(SampleEfficiencyMode.LinearProbe, 4, r => r.TestMeanRmse).Mean, "while the linear probe reads the encoder");
    }

    [TestMethod]
    public void BadPlansAreRefusedNamingTheCause()
    {
        var mlContext = new MLContext(seed: 1);
        var study = mlContext.Sparsh().SampleEfficiencyStudy(Options(SampleEfficiencyMode.LinearProbe));
        var error = Assert.ThrowsExactly<ArgumentException>(() => study.Run(Windows(mlContext, Enumerable.Range(0, 8)), Windows(mlContext, [7, 8]), RandomEncoder()));
        StringAssert.Contains(error.Message, "'r07'");

        error = Assert.ThrowsExactly<ArgumentException>(() => study.Run(Windows(mlContext, Enumerable.Range(0, 5)), Windows(mlContext, [8]), RandomEncoder()));
        StringAssert.Contains(error.Message, "5 recordings");
        StringAssert.Contains(error.Message, "(6)");

        var threeNames = Options(SampleEfficiencyMode.LinearProbe);
        threeNames.OutputNames = ["a", "b", "c"];
        error = Assert.ThrowsExactly<ArgumentException>(() => mlContext.Sparsh().SampleEfficiencyStudy(threeNames)
            .Run(Windows(mlContext, Enumerable.Range(0, 8)), Windows(mlContext, [8]), RandomEncoder()));
        StringAssert.Contains(error.Message, "'Label' has 2 values");

        var repeatedSeed = Options(SampleEfficiencyMode.LinearProbe);
        repeatedSeed.Seeds = [1, 1];
        Assert.ThrowsExactly<ArgumentException>(() => mlContext.Sparsh().SampleEfficiencyStudy(repeatedSeed));
    }

    [TestMethod]
    public void EveryModeIsTunedOnValidationSummarisedOverSeedsAndTheBestDecoderShipsReproducibly()
    {
        SampleEfficiencyResult Study()
        {
            var mlContext = new MLContext(seed: 1);
            var options = Options(SampleEfficiencyMode.LinearProbe, SampleEfficiencyMode.Frozen, SampleEfficiencyMode.EndToEnd);
            options.BudgetRecordings = [1, 2];
            options.LearningRates = [1e-3, 1e-2];
            return mlContext.Sparsh().SampleEfficiencyStudy(options).Run(Windows(mlContext, Enumerable.Range(0, 6)), Windows(mlContext, [8, 9]), RandomEncoder());
        }
        var result = Study();

        Assert.HasCount(2 * 2 * (2 + 2 + 2), result.Runs.ToList(), "seeds x budgets x (two ridge penalties for the probe + two learning rates for each decoder)");
        var probes = result.Runs.Where(r => r.Mode == SampleEfficiencyMode.LinearProbe).ToArray();
        CollectionAssert.AreEquivalent(new[] { 1e-2, 1 }, probes.Select(r => r.L2Regularization).Distinct().ToArray(), "the probe is tuned over its penalties");
        Assert.IsTrue(probes.All(r => double.IsNaN(r.LearningRate)) && result.Runs.Except(probes).All(r => double.IsNaN(r.L2Regularization)));
        foreach (var group in result.Runs.GroupBy(r => (r.Mode, r.BudgetRecordings, r.Seed)))
        {
            var selected = group.Single(r => r.Selected);
            Assert.AreEqual(group.Min(r => r.ValidationNormalizedRmse), selected.ValidationNormalizedRmse, $"{group.Key}: chosen on validation");
            if (group.Key.Mode != SampleEfficiencyMode.LinearProbe)
                Assert.IsTrue(selected.History.Epochs.Count > 0 && double.IsFinite(selected.History.Epochs[^1].ValidationRmse),
                    $"{group.Key}: scored on the validation recordings, at least after the last epoch");
        }

        var summary = result.Summary();
        // Each output's R2 sits beside its RMSE, averaged over seeds like every other metric.
        int frozenAt2 = Enumerable.Range(0, (int)summary.Rows.Count).Single(i => (string)summary["Mode"][i] == nameof(SampleEfficiencyMode.Frozen) && (int)summary["BudgetRecordings"][i] == 2);
        Assert.AreEqual(result.Statistic(SampleEfficiencyMode.Frozen, 2, r => r.Test.Outputs[1].RSquared).Mean, (double)summary["TestR2[where]Mean"][frozenAt2], 1e-12);
        // What the comparison of studies reads back from the CSV is the summary's numbers.
        string csvFolder = Directory.CreateTempSubdirectory("sparsh-study-csv-").FullName;
        try
        {
            result.SaveCsv(csvFolder);
            var read = SampleEfficiencyComparison.ReadSummary(Path.Combine(csvFolder, SampleEfficiencyResult.SummaryFileName), "depth", "random");
            Assert.HasCount((int)summary.Rows.Count, read);
            var frozen = read.Single(r => r.Mode == nameof(SampleEfficiencyMode.Frozen) && r.BudgetRecordings == 2);
            Assert.AreEqual(result.Statistic(SampleEfficiencyMode.Frozen, 2, r => r.TestMeanRmse).Mean, frozen.TestMeanRmseMean, 1e-9);
            Assert.IsTrue(File.Exists(Path.Combine(csvFolder, SampleEfficiencyResult.RunsFileName)));
            Assert.IsEmpty(Directory.GetFiles(csvFolder, "*.tmp"), "each CSV is written under a temporary name and renamed into place");
        }
        finally
        {
            Directory.Delete(csvFolder, recursive: true);
        }
        Assert.AreEqual(3L * 2, summary.Rows.Count, "one row per mode and budget");
        var frozenAtTwo = result.Selected.Where(r => r.Mode == SampleEfficiencyMode.Frozen && r.BudgetRecordings == 2).Select(r => r.TestMeanRmse).ToArray();
        double mean = frozenAtTwo.Average(), std = Math.Sqrt(frozenAtTwo.Sum(v => (v - mean) * (v - mean)) / (frozenAtTwo.Length - 1));
        long row = Enumerable.Range(0, (int)summary.Rows.Count).Single(i => (string)summary["Mode"][i] == "Frozen" && (int)summary["BudgetRecordings"][i] == 2);
        Assert.AreEqual(mean, (double)summary["TestMeanRmseMean"][row], 1e-12);
        Assert.AreEqual(std, (double)summary["TestMeanRmseStd"][row], 1e-12);
        Assert.AreEqual(2, (int)summary["Seeds"][row]);
        var statistic = result.Statistic(SampleEfficiencyMode.Frozen, 2, r => r.TestMeanRmse);
        Assert.AreEqual(mean, statistic.Mean, 1e-12);
        Assert.AreEqual(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{mean:F3} ± {std:F3}"), statistic.ToString("F3"));

        var best = result.BestRun!;
        Assert.AreEqual(result.Selected.Min(r => r.ValidationNormalizedRmse), best.ValidationNormalizedRmse, "the best on validation of any mode ships");
        var mlContext = new MLContext(seed: 1);
        var scores = result.BestModel!.Transform(Windows(mlContext, [8, 9])).GetColumn<float[]>("Score").ToArray();
        Assert.HasCount(2 * WindowsPerRecording, scores);
        Assert.IsTrue(scores.All(s => s.Length == 2 && s.All(float.IsFinite)), "the shipped model scores windows (Frozen includes its encoder)");

        CollectionAssert.AreEqual(result.Runs.Select(r => r.TestMeanRmse).ToArray(), Study().Runs.Select(r => r.TestMeanRmse).ToArray(),
            "the same seeds and threads give the same numbers");
    }

    [TestMethod]
    public void HissIsASequenceBaselineOnlyAndNeverTheShippedModel()
    {
        var mlContext = new MLContext(seed: 1);
        var forWindows = Options(SampleEfficiencyMode.EndToEnd, SampleEfficiencyMode.Hiss);
        var error = Assert.ThrowsExactly<ArgumentException>(() => mlContext.Sparsh().SampleEfficiencyStudy(forWindows));
        StringAssert.Contains(error.Message, "Decoder = Temporal");

        var badSize = Options(SampleEfficiencyMode.Hiss);
        badSize.Decoder = SampleEfficiencyDecoder.Temporal;
        badSize.HissHiddenSize = 0;
        Assert.AreEqual(nameof(SampleEfficiencyOptions.HissHiddenSize),
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => mlContext.Sparsh().SampleEfficiencyStudy(badSize)).ParamName);
    }
}

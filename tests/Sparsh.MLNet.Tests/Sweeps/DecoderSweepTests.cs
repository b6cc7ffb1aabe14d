using Sparsh.Transforms.Core;
using System.Collections.Concurrent;
using Microsoft.Data.Analysis;
using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.MLNet.Sweeps;
using Sparsh.Trainers.Decoders;
using static Sparsh.MLNet.Sweeps.SweepParameterNames;

namespace Sparsh.MLNet.Tests.Sweeps;

[TestClass]
public sealed class DecoderSweepTests
{
    private string _folder = "";

    [TestInitialize]
    public void Create() => _folder = Directory.CreateTempSubdirectory("sparsh-sweep-").FullName;

    [TestCleanup]
    public void Delete() => Directory.Delete(_folder, recursive: true);

    [TestMethod]
    public void AFailingTrialIsRecordedAndTheOthersComplete()
    {
        var mlContext = new MLContext(seed: 1);
        var space = new SweepSearchSpace(
        [
            new SweepFamilySpace(SweepFamily.AttentivePooler,
            [
                ParameterDomain.Choice(Mode, DecoderMode.Frozen, DecoderMode.FineTune),
                ParameterDomain.Choice(Heads, 2),
                ParameterDomain.Choice(HiddenWidth, 6),
                ParameterDomain.Choice(MlpDepth, 2),
                ParameterDomain.Choice(Epochs, 3),
                ParameterDomain.Choice(LearningRate, 3e-3),
            ]),
            new SweepFamilySpace(SweepFamily.Sdca, [ParameterDomain.Choice(MaximumNumberOfIterations, 20)]),
        ]);
        var reports = new List<SweepProgress>();

        var result = mlContext.Sparsh().Sweep(SweepTestData.Load(mlContext), new SweepOptions
        {
            SearchSpace = space,
            Strategy = SweepStrategy.Grid,
            Folds = 2,
            OutputFolder = _folder,
            Progress = new SynchronousProgress<SweepProgress>(reports.Add),
        });

        Assert.HasCount(3, result.Trials);
        Assert.AreEqual(3, result.ExecutedTrials);
        var failed = result.Trials.Single(t => t.Status == SweepTrialStatus.Failed);
        Assert.AreEqual(1, failed.Id);
        Assert.AreEqual("FineTune", failed.Parameters[Mode]);
        StringAssert.Contains(failed.Error, "encoder");
        Assert.IsEmpty(failed.FoldScores);
        foreach (var completed in result.Trials.Where(t => t.Status == SweepTrialStatus.Completed))
        {
            Assert.HasCount(2, completed.FoldScores);
            Assert.IsTrue(double.IsFinite(completed.Mean) && completed.Mean > 0, $"trial {completed.Id}: {completed.Mean}");
        }
        Assert.HasCount(3, reports);
        Assert.AreEqual(3, reports[^1].Finished);

        // The failed trial is listed last, unranked, with its error.
        var board = result.Leaderboard;
        Assert.AreEqual(3L, board.Rows.Count);
        Assert.AreEqual(1, board["Trial"][2]);
        Assert.IsNull(board["Rank"][2]);
        Assert.AreEqual("Failed", board["Status"][2]);
        StringAssert.Contains((string)board["Error"][2], "FineTune");

        // Best pipeline: refitted, scored once on the test groups, and saved as a zip that plain ML.NET loads.
        Assert.IsNotNull(result.Best);
        Assert.IsNotNull(result.TestMetrics);
        Assert.IsTrue(double.IsFinite(result.TestScore));
        Assert.IsNull(result.ModelSaveError, result.ModelSaveError);
        Assert.AreEqual(Path.Combine(_folder, "best-model.zip"), result.ModelPath);
        var loaded = new MLContext().Model.Load(result.ModelPath!, out var inputSchema);
        Assert.IsNotNull(loaded.GetOutputSchema(inputSchema).GetColumnOrNull("Score"), "the saved pipeline produces Score");
        foreach (string file in new[] { "trials.jsonl", "leaderboard.csv", "leaderboard.md", "best-score.png" })
            Assert.IsTrue(File.Exists(Path.Combine(_folder, file)), file);
        Assert.HasCount(4, File.ReadAllLines(Path.Combine(_folder, "leaderboard.csv")));
    }

    [TestMethod]
    public void ResumeRunsOnlyTheTrialsNotYetJournalled()
    {
        var mlContext = new MLContext(seed: 1);
        var data = SweepTestData.Load(mlContext);
        var cvFits = new ConcurrentDictionary<int, int>();
        SweepOptions Options(int trials) => new()
        {
            SearchSpace = new SweepSearchSpace([new SweepFamilySpace(SweepFamily.Sdca,
                [ParameterDomain.LogUniform(L2Regularization, 1e-5, 1e-1), ParameterDomain.IntRange(MaximumNumberOfIterations, 5, 30)])]),
            MaxTrials = trials,
            Folds = 2,
            Seed = 11,
            MaxDegreeOfParallelism = 2,
            OutputFolder = _folder,
            PipelineFactory = (context, trial) =>
            {
                cvFits.AddOrUpdate(trial.Id, 1, (_, n) => n + 1);
                return mlContext.Transforms.NormalizeMeanVariance("X", "Embedding")
                    .Append(mlContext.Sparsh().PerOutputRegression((l, f) => context.Regression.Trainers.Sdca(l, f,
                        l2Regularization: (float)trial.Parameters.GetDouble(L2Regularization),
                        maximumNumberOfIterations: trial.Parameters.GetInt(MaximumNumberOfIterations)), "X"));
            },
        };

        var first = mlContext.Sparsh().Sweep(data, Options(3));
        Assert.AreEqual(3, first.ExecutedTrials);
        Assert.AreEqual(0, first.ResumedTrials);
        CollectionAssert.AreEquivalent(new[] { 0, 1, 2 }, cvFits.Keys.ToArray());

        cvFits.Clear();
        var second = mlContext.Sparsh().Sweep(data, Options(5));

        Assert.AreEqual(2, second.ExecutedTrials, "only the two new trials run");
        Assert.AreEqual(3, second.ResumedTrials);
        Assert.HasCount(5, second.Trials);
        // Cross-validation fits 2 folds per executed trial; a resumed trial is fitted at most once more, as the final refit.
        CollectionAssert.AreEquivalent(new[] { 3, 4 }, cvFits.Where(kv => kv.Value >= 2).Select(kv => kv.Key).ToArray());
        Assert.IsLessThanOrEqualTo(1, cvFits.Where(kv => kv.Key < 3).Sum(kv => kv.Value));
        for (int id = 0; id < 3; id++)
            CollectionAssert.AreEqual(first.Trials[id].FoldScores.ToArray(), second.Trials[id].FoldScores.ToArray(), $"trial {id} resumed unchanged");
        Assert.HasCount(5, File.ReadAllLines(Path.Combine(_folder, "trials.jsonl")));
    }

    [TestMethod]
    [DataRow(SweepMetric.MeanRootMeanSquaredError, new[] { 0, 3, 2, 1 })]
    [DataRow(SweepMetric.MeanEuclideanError, new[] { 0, 3, 1, 2 })]
    public void TheLeaderboardRanksByTheChosenMetric(SweepMetric metric, int[] expectedOrder)
    {
        // Each trial predicts label + a constant offset per output, so its scores are known exactly:
        // offsets (a, b) give mean RMSE (|a| + |b|) / 2 and mean Euclidean error sqrt(a^2 + b^2).
        var mlContext = new MLContext(seed: 1);
        string[] offsets = ["0.1/0.1", "0.3/0.3", "0.5/0", "0.4/0"];
        var result = mlContext.Sparsh().Sweep(SweepTestData.Load(mlContext), new SweepOptions
        {
            SearchSpace = new SweepSearchSpace([new SweepFamilySpace(SweepFamily.FastTree, [ParameterDomain.Choice("Offset", offsets)])]),
            Strategy = SweepStrategy.Grid,
            Metric = metric,
            Folds = 2,
            PipelineFactory = (context, trial) =>
            {
                var o = trial.Parameters.GetString("Offset").Split('/').Select(float.Parse).ToArray();
                return context.Transforms.CustomMapping<LabelRow, ScoreRow>((input, output) => output.Score = [input.Label[0] + o[0], input.Label[1] + o[1]], null);
            },
        });

        CollectionAssert.AreEqual(expectedOrder, result.Leaderboard["Trial"].Cast<int?>().Select(v => v!.Value).ToArray());
        CollectionAssert.AreEqual(new[] { 1, 2, 3, 4 }, result.Leaderboard["Rank"].Cast<int?>().Select(v => v!.Value).ToArray());
        double[] expected = metric == SweepMetric.MeanRootMeanSquaredError ? [0.1, 0.3, 0.25, 0.2] : [Math.Sqrt(0.02), Math.Sqrt(0.18), 0.5, 0.4];
        var column = (DoubleDataFrameColumn)result.Leaderboard[metric == SweepMetric.MeanRootMeanSquaredError ? "MeanRMSE" : "MeanEuclideanError"];
        for (int row = 0; row < 4; row++) Assert.AreEqual(expected[expectedOrder[row]], column[row]!.Value, 1e-5);
        Assert.AreEqual(0, result.Best!.Id);
        Assert.AreEqual(expected[0], result.TestScore, 1e-5);
    }

    [TestMethod]
    public void ParallelTrialsRepeatExactlyForASeed()
    {
        var mlContext = new MLContext(seed: 1);
        var data = SweepTestData.Load(mlContext, recordings: 12, windowsPerRecording: 10);
        SweepResult Run() => mlContext.Sparsh().Sweep(data, new SweepOptions
        {
            SearchSpace = new SweepSearchSpace(
            [
                new SweepFamilySpace(SweepFamily.AttentivePooler,
                    [ParameterDomain.Choice(Heads, 1, 2), ParameterDomain.Choice(Epochs, 2), ParameterDomain.LogUniform(LearningRate, 1e-3, 1e-2)]),
                new SweepFamilySpace(SweepFamily.LightGbm, [ParameterDomain.IntRange(NumberOfTrees, 10, 20), ParameterDomain.Choice(MinimumExampleCountPerLeaf, 5)]),
            ]),
            MaxTrials = 4,
            Folds = 2,
            Seed = 3,
            MaxDegreeOfParallelism = 2,
        });

        var first = Run();
        var second = Run();

        Assert.HasCount(4, first.Trials);
        Assert.HasCount(2, first.Trials.Select(t => t.Family).Distinct(), "TorchSharp and LightGBM trials both ran");
        Assert.IsTrue(first.Trials.All(t => t.Status == SweepTrialStatus.Completed), string.Join("; ", first.Trials.Select(t => t.Error)));
        for (int i = 0; i < 4; i++)
            CollectionAssert.AreEqual(first.Trials[i].FoldScores.ToArray(), second.Trials[i].FoldScores.ToArray(), $"trial {i}");
        Assert.AreEqual(first.TestScore, second.TestScore);
    }

    [TestMethod]
    public void AnExhaustedTimeBudgetRunsNoTrialAndCancellationStopsTheSweep()
    {
        var mlContext = new MLContext(seed: 1);
        var data = SweepTestData.Load(mlContext, recordings: 10);
        var none = mlContext.Sparsh().Sweep(data, new SweepOptions { TimeBudget = TimeSpan.Zero, Folds = 2 });
        Assert.IsEmpty(none.Trials);
        Assert.IsNull(none.Best);
        Assert.AreEqual(0L, none.Leaderboard.Rows.Count);

        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.ThrowsExactly<OperationCanceledException>(() => mlContext.Sparsh().Sweep(data, new SweepOptions { Folds = 2, CancellationToken = cancel.Token }));
    }

    private sealed class LabelRow
    {
        [VectorType(2)] public float[] Label { get; set; } = [];
    }

    private sealed class ScoreRow
    {
        [VectorType(2)] public float[] Score { get; set; } = [];
    }
}

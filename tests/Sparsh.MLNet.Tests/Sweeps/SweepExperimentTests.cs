using System.Collections.Concurrent;
using Microsoft.ML;
using Sparsh.MLNet.Sweeps;
using Sparsh.Trainers.Decoders;
using static Sparsh.MLNet.Sweeps.SweepParameterNames;

namespace Sparsh.MLNet.Tests.Sweeps;

[TestClass]
public sealed class SweepExperimentTests
{
    private string _folder = "";

    [TestInitialize]
    public void Create() => _folder = Directory.CreateTempSubdirectory("sparsh-experiment-").FullName;

    [TestCleanup]
    public void Delete() => Directory.Delete(_folder, recursive: true);

    private static SweepSearchSpace TreesAndSdca() => new(
    [
        new SweepFamilySpace(SweepFamily.Sdca, [ParameterDomain.LogUniform(L2Regularization, 1e-5, 1e-1), ParameterDomain.IntRange(MaximumNumberOfIterations, 5, 30)]),
        new SweepFamilySpace(SweepFamily.LightGbm, [ParameterDomain.IntRange(NumberOfTrees, 5, 30), ParameterDomain.IntRange(NumberOfLeaves, 2, 8),
            ParameterDomain.Choice(MinimumExampleCountPerLeaf, 5)]),
    ]);

    [TestMethod]
    public void ACostFrugalSweepResumesByReplayingItsJournal()
    {
        var mlContext = new MLContext(seed: 1);
        var data = SweepTestData.Load(mlContext, recordings: 10, windowsPerRecording: 8);
        SweepOptions Options(int trials, string? folder) => new()
        {
            SearchSpace = TreesAndSdca(), Strategy = SweepStrategy.CostFrugal, MaxTrials = trials, Folds = 2, Seed = 4,
            MaxDegreeOfParallelism = 2, OutputFolder = folder,
        };

        var first = mlContext.Sparsh().Sweep(data, Options(4, _folder));
        var resumed = mlContext.Sparsh().Sweep(data, Options(6, _folder));

        Assert.AreEqual(4, first.ExecutedTrials);
        Assert.AreEqual(SweepStopReason.TrialCount, first.StopReason);
        Assert.AreEqual(4, resumed.ResumedTrials, "the tuner replays the journal and proposes the same first four trials");
        Assert.AreEqual(2, resumed.ExecutedTrials);
        Assert.AreEqual(SweepFamily.Sdca, first.Trials[0].Family);
        Assert.AreEqual(5, int.Parse(first.Trials[0].Parameters[MaximumNumberOfIterations]), "the first trial is the cheap corner");
        Assert.AreEqual(SweepFamily.LightGbm, first.Trials[1].Family);
        Assert.AreEqual(5, int.Parse(first.Trials[1].Parameters[NumberOfTrees]));
        Assert.IsTrue(resumed.Trials.All(t => t.Status == SweepTrialStatus.Completed), string.Join("; ", resumed.Trials.Select(t => t.Error)));
        foreach (var trial in resumed.Trials)
        {
            Assert.IsNotNull(trial.PeakMemoryInMegaByte, $"trial {trial.Id}: peak memory measured");
            Assert.IsGreaterThan(10.0, trial.PeakMemoryInMegaByte!.Value);
            Assert.IsTrue(trial.PeakCpu is null or (>= 0 and <= 1), $"trial {trial.Id}: peak CPU {trial.PeakCpu}");
            Assert.AreEqual(trial.Mean, trial.Loss);
        }
    }

    [TestMethod]
    public void TheMonitorSeesRunningCompletedBestAndFailedTrials()
    {
        var mlContext = new MLContext(seed: 1);
        var monitor = new RecordingMonitor();
        var space = new SweepSearchSpace(
        [
            new SweepFamilySpace(SweepFamily.Sdca, [ParameterDomain.Choice(MaximumNumberOfIterations, 30, 2)]),
            new SweepFamilySpace(SweepFamily.AttentivePooler, [ParameterDomain.Choice(Mode, DecoderMode.FineTune)]),
        ]);

        var result = mlContext.Sparsh().Sweep(SweepTestData.Load(mlContext, recordings: 8, windowsPerRecording: 6), new SweepOptions
        {
            SearchSpace = space, Strategy = SweepStrategy.Grid, Folds = 2, Monitor = monitor,
        });

        CollectionAssert.AreEqual(new[] { 0, 1, 2 }, monitor.Running.Order().ToArray());
        CollectionAssert.AreEquivalent(new[] { 0, 1 }, monitor.Completed.ToArray());
        Assert.AreEqual(2, monitor.Failed.Single(), "FineTune without an encoder fails");
        StringAssert.Contains(result.Trials[2].Error, "SweepOptions.Encoder");
        Assert.AreEqual(0, monitor.Best.First(), "the first completed trial is the first best");
        Assert.AreEqual(result.Best!.Id, monitor.Best.Last());
        Assert.AreEqual(SweepStopReason.TunerExhausted, result.StopReason);
    }

    [TestMethod]
    public void ASkippedTrialIsNotRunNorJournalledAndTheRestComplete()
    {
        var mlContext = new MLContext(seed: 1);
        var data = SweepTestData.Load(mlContext, recordings: 8, windowsPerRecording: 6);
        var result = mlContext.Sparsh().Sweep(data, new SweepOptions
        {
            SearchSpace = new SweepSearchSpace([new SweepFamilySpace(SweepFamily.Sdca, [ParameterDomain.Choice(MaximumNumberOfIterations, 5, 10, 20)])]),
            Strategy = SweepStrategy.Grid, Folds = 2, OutputFolder = _folder,
            SkipTrial = trial => trial.Parameters.GetInt(MaximumNumberOfIterations) == 10,
        });

        Assert.AreEqual(SweepTrialStatus.Skipped, result.Trials[1].Status);
        Assert.IsEmpty(result.Trials[1].FoldScores);
        Assert.AreEqual(SweepTrialStatus.Completed, result.Trials[0].Status);
        Assert.AreEqual(SweepTrialStatus.Completed, result.Trials[2].Status);
        Assert.AreEqual(2, result.ExecutedTrials);
        Assert.AreEqual("Skipped", result.Leaderboard["Status"][2]);
        Assert.IsNull(result.Leaderboard["Rank"][2]);
        Assert.HasCount(2, File.ReadAllLines(Path.Combine(_folder, "trials.jsonl")), "the skip is not journalled");
    }

    [TestMethod]
    public void ATrialPastItsTimeLimitIsStoppedAndJournalled()
    {
        var mlContext = new MLContext(seed: 1);
        var result = mlContext.Sparsh().Sweep(SweepTestData.Load(mlContext, recordings: 8, windowsPerRecording: 6), new SweepOptions
        {
            SearchSpace = new SweepSearchSpace([new SweepFamilySpace(SweepFamily.AttentivePooler,
                [ParameterDomain.Choice(Epochs, 100000), ParameterDomain.Choice(Heads, 1)])]),
            Strategy = SweepStrategy.Grid, Folds = 2, ValidationFraction = 0, OutputFolder = _folder,
            TrialTimeLimit = TimeSpan.FromSeconds(1),
        });

        var trial = result.Trials.Single();
        Assert.AreEqual(SweepTrialStatus.Stopped, trial.Status);
        StringAssert.Contains(trial.Error, "trial time limit of 1 s");
        Assert.IsLessThan(30.0, trial.Seconds, "cancelled promptly, not after 100000 epochs");
        Assert.IsNull(result.Best);
        StringAssert.Contains(File.ReadAllText(Path.Combine(_folder, "trials.jsonl")), "\"Stopped\"");
    }

    [TestMethod]
    public void PassingTheMemoryCapStopsTheTrialAndTheSweepWithoutJournallingIt()
    {
        var mlContext = new MLContext(seed: 1);
        var result = mlContext.Sparsh().Sweep(SweepTestData.Load(mlContext, recordings: 8, windowsPerRecording: 6), new SweepOptions
        {
            SearchSpace = new SweepSearchSpace([new SweepFamilySpace(SweepFamily.Sdca, [ParameterDomain.Choice(MaximumNumberOfIterations, 5, 10, 20)])]),
            Strategy = SweepStrategy.Grid, Folds = 2, OutputFolder = _folder,
            MaximumMemoryInMegaByte = 1, // any .NET process is above 1 MiB
        });

        Assert.AreEqual(SweepStopReason.MemoryCap, result.StopReason);
        var trial = result.Trials.Single();
        Assert.AreEqual(SweepTrialStatus.Stopped, trial.Status);
        StringAssert.Contains(trial.Error, "memory cap of 1 MiB");
        Assert.IsFalse(File.Exists(Path.Combine(_folder, "trials.jsonl")) && File.ReadAllText(Path.Combine(_folder, "trials.jsonl")).Length > 0,
            "a trial stopped by the memory cap reruns on resume, so it is not journalled");
    }

    [TestMethod]
    public void MedianStoppingStopsATrialWhoseValidationCurveTrailsTheEarlierTrials()
    {
        var mlContext = new MLContext(seed: 1);
        var result = mlContext.Sparsh().Sweep(SweepTestData.Load(mlContext, recordings: 12, windowsPerRecording: 10), new SweepOptions
        {
            // Two learning rates that learn, then one too small to move the decoder.
            SearchSpace = new SweepSearchSpace([new SweepFamilySpace(SweepFamily.AttentivePooler,
                [ParameterDomain.Choice(LearningRate, 1e-2, 5e-3, 1e-7), ParameterDomain.Choice(Epochs, 6), ParameterDomain.Choice(Heads, 1)])]),
            Strategy = SweepStrategy.Grid, Folds = 2, ValidationFraction = 0.25, BatchSize = 8,
            MedianStopping = new MedianStoppingOptions { GracePeriodEpochs = 3, MinimumTrials = 2 },
        });

        Assert.AreEqual(SweepTrialStatus.Completed, result.Trials[0].Status, result.Trials[0].Error);
        Assert.AreEqual(SweepTrialStatus.Completed, result.Trials[1].Status, result.Trials[1].Error);
        var stopped = result.Trials[2];
        Assert.AreEqual(SweepTrialStatus.Stopped, stopped.Status, $"{stopped.Status}: {stopped.Error}");
        StringAssert.Contains(stopped.Error, "median stopping");
        StringAssert.Contains(stopped.Error, "fold 1, epoch 3");
        Assert.HasCount(3, stopped.ValidationCurves[0], "stopped at the end of the grace period");
        Assert.HasCount(2, result.Trials[0].ValidationCurves, "a curve per fold");
        Assert.IsTrue(result.Trials[0].ValidationCurves.All(c => c.Count >= 3 && c.All(double.IsFinite)));
    }

    private sealed class RecordingMonitor : IMonitor
    {
        public ConcurrentQueue<int> Running { get; } = new();
        public ConcurrentQueue<int> Completed { get; } = new();
        public ConcurrentQueue<int> Best { get; } = new();
        public ConcurrentQueue<int> Failed { get; } = new();

        public void ReportRunningTrial(SweepTrial trial) => Running.Enqueue(trial.Id);
        public void ReportCompletedTrial(SweepTrialResult result) => Completed.Enqueue(result.Id);
        public void ReportBestTrial(SweepTrialResult result) => Best.Enqueue(result.Id);
        public void ReportFailTrial(SweepTrialResult result) => Failed.Enqueue(result.Id);
    }
}

using System.Collections.Concurrent;
using Microsoft.ML;
using Sparsh.MLNet.Sweeps;
using static Sparsh.MLNet.Sweeps.SweepParameterNames;

namespace Sparsh.MLNet.Tests.Sweeps;

[TestClass]
public sealed class SweepPlanTests
{
    private string _folder = "";

    [TestInitialize]
    public void Create() => _folder = Directory.CreateTempSubdirectory("sparsh-plan-").FullName;

    [TestCleanup]
    public void Delete() => Directory.Delete(_folder, recursive: true);

    private static SweepOptions Options() => new()
    {
        SearchSpace = new SweepSearchSpace(
        [
            new SweepFamilySpace(SweepFamily.LightGbm, [ParameterDomain.IntRange(NumberOfTrees, 5, 20), ParameterDomain.Choice(MinimumExampleCountPerLeaf, 5)]),
            new SweepFamilySpace(SweepFamily.FastTree, [ParameterDomain.IntRange(NumberOfLeaves, 2, 8), ParameterDomain.LogUniform(LearningRate, 0.05, 0.3),
                ParameterDomain.Choice(NumberOfTrees, 10), ParameterDomain.Choice(MinimumExampleCountPerLeaf, 5)]),
        ]),
        MaxTrials = 4,
        Folds = 2,
        Seed = 9,
        OutputNames = ["a", "b"],
        TrialTimeLimit = TimeSpan.FromMinutes(5),
    };

    [TestMethod]
    public void APlanRoundTripsThroughItsFile()
    {
        var plan = SweepPlan.Create(Options(), new Dictionary<string, string> { ["path"] = "data.idv" });
        string path = Path.Combine(_folder, "plan.json");
        plan.Save(path);

        var loaded = SweepPlan.Load(path);

        Assert.HasCount(4, loaded.Trials);
        for (int i = 0; i < 4; i++)
        {
            Assert.AreEqual(plan.Trials[i].Family, loaded.Trials[i].Family);
            Assert.AreEqual(plan.Trials[i].Parameters, loaded.Trials[i].Parameters, $"trial {i}");
        }
        CollectionAssert.AreEqual(plan.SearchSpace.Families.SelectMany(f => f.Parameters.Select(p => $"{f.Family} {p}")).ToArray(),
            loaded.SearchSpace.Families.SelectMany(f => f.Parameters.Select(p => $"{f.Family} {p}")).ToArray());
        Assert.AreEqual("data.idv", loaded.Data["path"]);
        var options = loaded.ToOptions(_folder);
        Assert.AreEqual(TimeSpan.FromMinutes(5), options.TrialTimeLimit);
        CollectionAssert.AreEqual(new[] { "a", "b" }, options.OutputNames!.ToArray());
    }

    [TestMethod]
    public void ABadPlanFileIsRefusedWithItsPathAndAnAdaptiveTunerCannotBePlanned()
    {
        string path = Path.Combine(_folder, "plan.json");
        File.WriteAllText(path, "{ not json");
        var notJson = Assert.ThrowsExactly<InvalidDataException>(() => SweepPlan.Load(path));
        StringAssert.Contains(notJson.Message, path);

        File.WriteAllText(path, "{\"Format\":\"something-else\"}");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => SweepPlan.Load(path)).Message, "sparsh-sweep-plan/1");

        SweepPlan.Create(Options()).Save(path);
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"Id\": 2", "\"Id\": 7"));
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => SweepPlan.Load(path)).Message, "trial entry 2");

        var adaptive = Options();
        adaptive.Strategy = SweepStrategy.CostFrugal;
        Assert.ThrowsExactly<NotSupportedException>(() => SweepPlan.Create(adaptive));
    }

    [TestMethod]
    public void TrialsRunOneByOneMergeIntoTheInProcessLeaderboard()
    {
        var (mlContext, log) = Context();
        var data = SweepTestData.Load(mlContext, recordings: 8, windowsPerRecording: 6);
        var plan = SweepPlan.Create(Options());
        string journal = Path.Combine(_folder, "journal");

        var partial = mlContext.Sparsh().SweepReport(data, plan, journal);
        CollectionAssert.AreEqual(new[] { 0, 1, 2, 3 }, partial.MissingTrials.ToArray(), "a report runs nothing");
        Assert.IsEmpty(partial.Trials);

        for (int index = 3; index >= 0; index--) mlContext.Sparsh().SweepTrial(data, plan, index, journal);
        // A worker killed mid-write leaves only its temporary file, which the journal ignores; a torn trial file (say, copied
        // by hand) is reported by name and its trial counts as missing.
        File.WriteAllText(Path.Combine(journal, "trials", ".trial-000001.4242.tmp"), "{\"Id\":1,\"Fam");
        string tornCopy = Path.Combine(journal, "trials", "trial-000009.json");
        File.WriteAllText(tornCopy, "{\"Id\":9,\"Fam");
        log.Clear();
        var merged = mlContext.Sparsh().SweepReport(data, plan, journal);
        var inProcess = mlContext.Sparsh().Sweep(data, plan.ToOptions(Path.Combine(_folder, "in-process")));

        Assert.IsEmpty(merged.MissingTrials);
        Assert.AreEqual(0, merged.ExecutedTrials);
        Assert.AreEqual(4, merged.ResumedTrials);
        Assert.IsTrue(log.Any(m => m.Contains($"'{tornCopy}' is not a journalled trial")), string.Join("\n", log));
        Assert.HasCount(4, inProcess.Trials);
        for (int i = 0; i < 4; i++)
        {
            Assert.AreEqual(SweepTrialStatus.Completed, merged.Trials[i].Status, merged.Trials[i].Error);
            CollectionAssert.AreEqual(inProcess.Trials[i].FoldScores.ToArray(), merged.Trials[i].FoldScores.ToArray(), $"trial {i}");
        }
        CollectionAssert.AreEqual(inProcess.Leaderboard["Trial"].Cast<int?>().ToArray(), merged.Leaderboard["Trial"].Cast<int?>().ToArray());
        Assert.AreEqual(inProcess.TestScore, merged.TestScore);
        Assert.IsTrue(File.Exists(Path.Combine(journal, "leaderboard.csv")));

        // Running a journalled trial again returns its record without training.
        var before = File.GetLastWriteTimeUtc(Path.Combine(journal, "trials", "trial-000002.json"));
        var again = mlContext.Sparsh().SweepTrial(data, plan, 2, journal);
        Assert.AreEqual(before, File.GetLastWriteTimeUtc(Path.Combine(journal, "trials", "trial-000002.json")));
        CollectionAssert.AreEqual(merged.Trials[2].FoldScores.ToArray(), again.FoldScores.ToArray());
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => mlContext.Sparsh().SweepTrial(data, plan, 4, journal));
    }

    private static (MLContext Context, ConcurrentQueue<string> Log) Context()
    {
        var mlContext = new MLContext(seed: 1);
        var log = new ConcurrentQueue<string>();
        mlContext.Log += (_, e) => log.Enqueue(e.Message);
        return (mlContext, log);
    }
}

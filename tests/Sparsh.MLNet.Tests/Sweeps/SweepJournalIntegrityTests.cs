using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.ML;
using Sparsh.MLNet.Sweeps;
using static Sparsh.MLNet.Sweeps.SweepParameterNames;

namespace Sparsh.MLNet.Tests.Sweeps;

[TestClass]
public sealed class SweepJournalIntegrityTests
{
    private string _folder = "";

    [TestInitialize]
    public void Create() => _folder = Directory.CreateTempSubdirectory("sparsh-journal-").FullName;

    [TestCleanup]
    public void Delete() => Directory.Delete(_folder, recursive: true);

    private string JournalPath => Path.Combine(_folder, "trials.jsonl");

    // Three SDCA trials on a small data set: a sweep takes a fraction of a second.
    private SweepOptions Options(MLContext mlContext, params int[] iterations) => new()
    {
        SearchSpace = new SweepSearchSpace([new SweepFamilySpace(SweepFamily.Sdca, [ParameterDomain.Choice(MaximumNumberOfIterations, iterations)])]),
        Strategy = SweepStrategy.Grid,
        Folds = 2,
        Seed = 5,
        OutputFolder = _folder,
        PipelineFactory = (context, trial) => mlContext.Transforms.NormalizeMeanVariance("X", "Embedding")
            .Append(mlContext.Sparsh().PerOutputRegression((l, f) => context.Regression.Trainers.Sdca(l, f,
                maximumNumberOfIterations: trial.Parameters.GetInt(MaximumNumberOfIterations)), "X")),
    };

    private static (MLContext Context, ConcurrentQueue<string> Log) Context()
    {
        var mlContext = new MLContext(seed: 1);
        var log = new ConcurrentQueue<string>();
        mlContext.Log += (_, e) => log.Enqueue(e.Message);
        return (mlContext, log);
    }

    [TestMethod]
    public void GarbageAndATruncatedLastLineAreReportedByLineNumberAndTheirTrialsRunAgain()
    {
        var (mlContext, log) = Context();
        var data = SweepTestData.Load(mlContext, recordings: 8, windowsPerRecording: 6);
        var first = mlContext.Sparsh().Sweep(data, Options(mlContext, 5, 10, 20));
        Assert.AreEqual(3, first.ExecutedTrials);
        string[] lines = File.ReadAllLines(JournalPath);
        Assert.HasCount(3, lines);

        // Line 2: garbage; line 3: a JSON trial without parameters (once an ArgumentNullException); line 5: trial 2's line
        // cut short by a kill, with no newline.
        File.WriteAllText(JournalPath, string.Join("\n", lines[0], "garbage {", "{\"Id\":1,\"Family\":\"Sdca\",\"Parameters\":null}", lines[1],
            lines[2][..(lines[2].Length / 2)]));
        log.Clear();
        var resumed = mlContext.Sparsh().Sweep(data, Options(mlContext, 5, 10, 20));

        Assert.AreEqual(2, resumed.ResumedTrials);
        Assert.AreEqual(1, resumed.ExecutedTrials, "the torn trial runs again");
        CollectionAssert.AreEqual(first.Trials[2].FoldScores.ToArray(), resumed.Trials[2].FoldScores.ToArray());
        foreach (int line in new[] { 2, 3, 5 })
            Assert.IsTrue(log.Any(m => m.Contains($"'{JournalPath}' line {line} is not a journalled trial")), $"line {line} is reported: {string.Join("\n", log)}");

        // The rerun trial went on a line of its own, so a third run resumes all three.
        var again = mlContext.Sparsh().Sweep(data, Options(mlContext, 5, 10, 20));
        Assert.AreEqual((3, 0), (again.ResumedTrials, again.ExecutedTrials));
    }

    [TestMethod]
    public void AJournalWrittenForOtherDataOrAnotherSearchSpaceIsRefused()
    {
        var (mlContext, _) = Context();
        var data = SweepTestData.Load(mlContext, recordings: 8, windowsPerRecording: 6);
        mlContext.Sparsh().Sweep(data, Options(mlContext, 5));
        Assert.IsTrue(File.ReadAllLines(JournalPath).All(l => JsonNode.Parse(l)!["Fingerprint"] != null), "every line carries the fingerprint");

        var otherData = SweepTestData.Load(mlContext, recordings: 8, windowsPerRecording: 6, seed: 4);
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => mlContext.Sparsh().Sweep(otherData, Options(mlContext, 5)));
        StringAssert.Contains(error.Message, $"'{JournalPath}'");
        StringAssert.Contains(error.Message, "other data or another search space");

        var otherSpace = Assert.ThrowsExactly<InvalidOperationException>(() => mlContext.Sparsh().Sweep(data, Options(mlContext, 5, 6)));
        StringAssert.Contains(otherSpace.Message, $"'{JournalPath}'");

        var otherSeed = Options(mlContext, 5);
        otherSeed.Seed = 6;
        Assert.ThrowsExactly<InvalidOperationException>(() => mlContext.Sparsh().Sweep(data, otherSeed));

        // A larger budget is the same sweep.
        var larger = Options(mlContext, 5);
        larger.MaxTrials = 50;
        Assert.AreEqual(1, mlContext.Sparsh().Sweep(data, larger).ResumedTrials);
    }

    [TestMethod]
    public void LinesJournalledBeforeFingerprintsAreReusedWithAWarning()
    {
        var (mlContext, log) = Context();
        var data = SweepTestData.Load(mlContext, recordings: 8, windowsPerRecording: 6);
        mlContext.Sparsh().Sweep(data, Options(mlContext, 5, 10));
        var legacy = File.ReadAllLines(JournalPath).Select(l =>
        {
            var node = JsonNode.Parse(l)!.AsObject();
            node.Remove("Fingerprint");
            return node.ToJsonString();
        });
        File.WriteAllLines(JournalPath, legacy);
        log.Clear();

        var resumed = mlContext.Sparsh().Sweep(data, Options(mlContext, 5, 10));
        Assert.AreEqual((2, 0), (resumed.ResumedTrials, resumed.ExecutedTrials));
        Assert.IsTrue(log.Any(m => m.Contains("2 trials in") && m.Contains("without a fingerprint")), string.Join("\n", log));
    }
}

using Sparsh.Simulation.Datasets;
using Sparsh.Transforms.Core;
using Sparsh.Transforms.Recordings;

namespace Sparsh.Simulation.Tests;

[TestClass]
public sealed class SimulatedDatasetTests
{
    private static SimulatedDatasetOptions Small(int seed, string? holdOut = null) => new()
    {
        RecordingsPerTask = 3,
        SkinCount = 3,
        Seed = seed,
        Scenario = ScenarioFixture.Short(1.0),
        TaskDurationSeconds = new Dictionary<string, double> { ["play"] = 1.5 },
        ValidationFraction = 0.34,
        TestFraction = 0.34,
        HoldOutSkinId = holdOut,
    };

    [TestMethod]
    public void WriterRoundTripsThroughTheManifestAndRecordingLoad()
    {
        using var folder = new TempDirectory();
        var reports = new List<DatasetProgress>();
        var writer = new SimulatedDatasetWriter(Small(seed: 2));
        var written = writer.Write(folder.Path, new SynchronousProgress<DatasetProgress>(reports.Add));

        Assert.AreEqual(12, written.Recordings.Count);
        Assert.AreEqual(12, reports.Count);
        CollectionAssert.AreEqual(Enumerable.Range(1, 12).ToArray(), reports.Select(r => r.Completed).ToArray());
        Assert.IsTrue(reports.All(r => r.Total == 12));

        var manifest = DatasetManifest.Load(folder.Path);
        CollectionAssert.AreEqual(written.Recordings.ToArray(), manifest.Recordings.ToArray());
        CollectionAssert.AreEquivalent(SimulatedDatasetWriter.Tasks.ToArray(), manifest.Recordings.Select(r => r.Task).Distinct().ToArray());
        CollectionAssert.AreEquivalent(new[] { "sim-skin-00", "sim-skin-01", "sim-skin-02" }, manifest.Recordings.Select(r => r.SkinId).Distinct().ToArray());
        foreach (var task in SimulatedDatasetWriter.Tasks)
        {
            // Three recordings per task, one per split at these fractions.
            var splits = manifest.Recordings.Where(r => r.Task == task).Select(r => r.Split).Order().ToArray();
            CollectionAssert.AreEqual(new[] { DatasetSplit.Train, DatasetSplit.Validation, DatasetSplit.Test }, splits, task);
        }

        foreach (var entry in manifest.Recordings)
        {
            var recording = DatasetManifest.LoadRecording(folder.Path, entry);
            Assert.AreEqual(entry.RecordingId, recording.Id);
            Assert.AreEqual(entry.SkinId, recording.SkinId);
            Assert.AreEqual(entry.Task, recording.Task);
            Assert.AreEqual(entry.Task == "play" ? 1.5 : 1.0, entry.DurationSeconds);
            Assert.AreEqual(entry.DurationSeconds * 100, recording.Magnetic.Count, entry.DurationSeconds * 5, "frames for the task's duration");
            Assert.AreEqual(1104, recording.Magnetic.Width);
            Assert.AreEqual(16, recording.Joints!.Width);
            string? label = entry.Task switch { "force_probing" => "force", "joystick" => "joystick", "object_pose" => "pose", _ => null };
            if (label is null)
                Assert.AreEqual(0, recording.Labels.Count);
            else
                Assert.AreEqual(3, recording.Labels[label].Width);
        }

        // The saved data is what the generator makes from the listed seed.
        var first = manifest.Recordings[0];
        var regenerated = SimulatedDatasetWriter.CreateGenerator(first.Task, writer.ScenarioFor(first.Task))
            .Generate(writer.Skins.Single(s => s.Id == first.SkinId), first.Seed, first.RecordingId);
        CollectionAssert.AreEqual(regenerated.Magnetic.Values, DatasetManifest.LoadRecording(folder.Path, first).Magnetic.Values);
    }

    [TestMethod]
    public void HeldOutSkinIsTheTestSplit()
    {
        var manifest = new SimulatedDatasetWriter(Small(seed: 5, holdOut: "sim-skin-01") with { RecordingsPerTask = 6 }).Plan();
        foreach (var entry in manifest.Recordings)
            Assert.AreEqual(entry.SkinId == "sim-skin-01", entry.Split == DatasetSplit.Test, entry.RecordingId);
        Assert.IsTrue(manifest.InSplit(DatasetSplit.Validation).Any());
        Assert.IsTrue(manifest.InSplit(DatasetSplit.Train).Any());
    }

    [TestMethod]
    public void SplitsAndSeedsFollowTheSeed()
    {
        var a = new SimulatedDatasetWriter(Small(seed: 7) with { RecordingsPerTask = 10 }).Plan();
        var b = new SimulatedDatasetWriter(Small(seed: 7) with { RecordingsPerTask = 10 }).Plan();
        var c = new SimulatedDatasetWriter(Small(seed: 8) with { RecordingsPerTask = 10 }).Plan();
        CollectionAssert.AreEqual(a.Recordings.ToArray(), b.Recordings.ToArray());
        CollectionAssert.AreNotEqual(a.Recordings.Select(r => r.Split).ToArray(), c.Recordings.Select(r => r.Split).ToArray());
    }

    [TestMethod]
    public void MalformedManifestsAreReported()
    {
        using var folder = new TempDirectory();
        var missing = Assert.ThrowsExactly<InvalidDataException>(() => DatasetManifest.Load(folder.Path));
        StringAssert.Contains(missing.Message, DatasetManifest.FileName);
        File.WriteAllText(folder.File(DatasetManifest.FileName), "{\"format\": \"other\", \"format_version\": 1, \"seed\": 0, \"recordings\": []}");
        var wrong = Assert.ThrowsExactly<InvalidDataException>(() => DatasetManifest.Load(folder.Path));
        StringAssert.Contains(wrong.Message, "sparsh-simulated-dataset");
        Assert.ThrowsExactly<ArgumentException>(() => SimulatedDatasetWriter.CreateGenerator("juggling"));
        Assert.ThrowsExactly<ArgumentException>(() => new SimulatedDatasetWriter(Small(0, holdOut: "sim-skin-09")));
        Assert.ThrowsExactly<ArgumentException>(() => new SimulatedDatasetWriter(Small(0) with { Tasks = ["joystick"] }));
    }
}

using Sparsh.Transforms.Recordings;
using Sparsh.Transforms.SparshSkinDataset;
using Sparsh.Transforms.Tests.Recordings;

namespace Sparsh.Transforms.Tests.SparshSkinDataset;

[TestClass]
public sealed class SparshSkinDatasetReaderTests
{
    [TestMethod]
    public void PretrainingSequencesConvertToRecordingsWithTheirTaskSplitAndValues()
    {
        using var output = new TempDirectory();
        var progress = new List<SparshSkinConversionProgress>();
        var conversion = SparshSkinDatasetReader.Convert(SparshSkinFixture.Path_("pretraining"), output.Path, new SparshSkinDatasetOptions { IncludeXelaForces = true }, progress: new Sparsh.Transforms.Core.SynchronousProgress<SparshSkinConversionProgress>(progress.Add));

        var manifest = DatasetManifest.Load(output.Path);
        CollectionAssert.AreEqual(new[] { "baseline", "cup_0", "cup_9", "sponge_0", "sponge_9" }, manifest.Recordings.Select(r => r.RecordingId).ToArray(),
            "one recording per sequence folder, in path order; urdf/ is not a sequence");
        CollectionAssert.AreEqual(new[] { "rest", "play", "play", "play", "play" }, manifest.Recordings.Select(r => r.Task).ToArray());
        CollectionAssert.AreEqual(new[] { DatasetSplit.Train, DatasetSplit.Train, DatasetSplit.Validation, DatasetSplit.Train, DatasetSplit.Validation },
            manifest.Recordings.Select(r => r.Split).ToArray(), "sequence 9 validates, as in the reference code");
        Assert.IsTrue(manifest.Recordings.All(r => r.SkinId == "meta-allegro-xela"));
        CollectionAssert.AreEqual(new[] { 1, 2, 3, 4, 5 }, progress.Select(p => p.Completed).ToArray());
        Assert.IsTrue(progress.All(p => p.Total == 5));

        foreach (var (id, sequence) in new[] { ("cup_0", "pretraining/cup/0"), ("cup_9", "pretraining/cup/9"), ("sponge_0", "pretraining/sponge/0") })
        {
            var expected = SparshSkinFixture.Expected(sequence);
            var recording = XelaRecording.Load(Path.Combine(output.Path, id));
            Assert.AreEqual(expected.GetProperty("frames").GetInt32(), recording.Magnetic.Count, id);
            Assert.AreEqual(expected.GetProperty("first_time").GetDouble(), recording.Magnetic.TimestampsSeconds[0], id);
            Assert.AreEqual(expected.GetProperty("last_time").GetDouble(), recording.Magnetic.TimestampsSeconds[^1], id);
            CollectionAssert.AreEqual(SparshSkinFixture.Doubles(expected.GetProperty("first_frame_taxel0_xyz")).Select(v => (float)v).ToArray(),
                recording.Magnetic.Row(0)[..3].ToArray(), $"{id}: taxel 0 x, y, z of the first frame");
            CollectionAssert.AreEqual(SparshSkinFixture.Doubles(expected.GetProperty("last_frame_taxel367_xyz")).Select(v => (float)v).ToArray(),
                recording.Magnetic.Row(recording.Magnetic.Count - 1)[^3..].ToArray(), $"{id}: taxel 367 x, y, z of the last frame");

            var lastJoint = SparshSkinFixture.Doubles(expected.GetProperty("last_joint_row"));
            Assert.AreEqual(expected.GetProperty("joint_samples").GetInt32(), recording.Joints!.Count, id);
            Assert.AreEqual(lastJoint[0], recording.Joints.TimestampsSeconds[^1], id);
            CollectionAssert.AreEqual(lastJoint[1..].Select(v => (float)v).ToArray(), recording.Joints.Row(recording.Joints.Count - 1).ToArray(),
                $"{id}: the 16 angles (columns 1-16), not the efforts");
            Assert.AreEqual("rad", recording.Joints.Unit);
        }

        var cup0 = XelaRecording.Load(Path.Combine(output.Path, "cup_0"));
        Assert.AreEqual(0f, cup0.Magnetic.Row(5)[104 * 3], "the fixture's broken taxel 104 is kept as recorded (flagged later)");
        var xelaForce = cup0.Labels[SparshSkinDatasetReader.XelaForceLabel];
        Assert.AreEqual(1104, xelaForce.Width);
        Assert.AreEqual((cup0.Magnetic.Row(0)[2] - 30000f) / 1000f, xelaForce.Row(0)[2], 1e-6f, "forces.pkl column z of taxel 0");
        Assert.IsFalse(XelaRecording.Load(Path.Combine(output.Path, "cup_9")).Labels.ContainsKey(SparshSkinDatasetReader.XelaForceLabel));

        var baseline = XelaRecording.Load(Path.Combine(output.Path, "baseline"));
        Assert.IsNull(baseline.Joints);
        var baselineReport = conversion.Sequences.Single(s => s.Sequence.RecordingId == "baseline");
        StringAssert.Contains(baselineReport.ToString(), "no allegro/data.pkl");
        StringAssert.Contains(conversion.Sequences.Single(s => s.Sequence.RecordingId == "cup_9").ToString(), "only empty frames");

        var byDefault = SparshSkinDatasetReader.ReadSequence(conversion.Sequences[1].Sequence, null, out var defaultReport);
        Assert.AreEqual(0, byDefault.Labels.Count, "XELA's force estimate is opt-in");
        StringAssert.Contains(defaultReport.ToString(), "xela/forces.pkl not converted (IncludeXelaForces is off)");
    }

    [TestMethod]
    public void ForceEstimationEpisodesGetTheForceLabelWithNormalForcePositive()
    {
        using var output = new TempDirectory();
        var conversion = SparshSkinDatasetReader.Convert(SparshSkinFixture.Path_("force_estimation"), output.Path);

        CollectionAssert.AreEqual(new[] { "train_probe_a", "train_probe_b", "val_probe_c" }, conversion.Manifest.Recordings.Select(r => r.RecordingId).ToArray());
        CollectionAssert.AreEqual(new[] { DatasetSplit.Train, DatasetSplit.Train, DatasetSplit.Validation }, conversion.Manifest.Recordings.Select(r => r.Split).ToArray(),
            "train/ and val/ folders decide the split");
        Assert.IsTrue(conversion.Manifest.Recordings.All(r => r.Task == SparshSkinDatasetReader.ForceTask));

        var expected = SparshSkinFixture.Expected("force_estimation/train/probe_a");
        var force = XelaRecording.Load(Path.Combine(output.Path, "train_probe_a")).Labels["force"];
        var row = SparshSkinFixture.Doubles(expected.GetProperty("force_row_10"));
        Assert.AreEqual(expected.GetProperty("force_rows").GetInt32(), force.Count);
        Assert.AreEqual(row[0], force.TimestampsSeconds[10]);
        CollectionAssert.AreEqual(new[] { (float)row[1], (float)row[2], -(float)row[3] }, force.Row(10).ToArray(), "[fx, fy, -fz]: normal force positive into the skin");
        CollectionAssert.AreEqual(new[] { "shear_x", "shear_y", "normal" }, force.ChannelNames!.ToArray());
        Assert.AreEqual("N", force.Unit);
        StringAssert.Contains(conversion.Sequences[0].ToString(), "data.pkl keys not converted: ee_pose");
    }

    [TestMethod]
    public void RepeatedTimestampIsDroppedAndCountedOrRefusedWhenAsked()
    {
        var sequence = SparshSkinDatasetReader.FindSequences(SparshSkinFixture.Path_("repeated-stamps")).Single();
        var recording = SparshSkinDatasetReader.ReadSequence(sequence, null, out var report);
        int frames = SparshSkinFixture.Expected("repeated-stamps/cup/0").GetProperty("frames").GetInt32();
        Assert.AreEqual(frames - 1, recording.Magnetic.Count);
        Assert.AreEqual(1, report.RepeatedTimestampsDropped["xela/data.pkl"]);
        StringAssert.Contains(report.ToString(), "1 repeated timestamps dropped in xela/data.pkl");

        var error = Assert.ThrowsExactly<InvalidDataException>(() =>
            SparshSkinDatasetReader.ReadSequence(sequence, new SparshSkinDatasetOptions { DropRepeatedTimestamps = false }, out _));
        StringAssert.StartsWith(error.Message, Path.Combine(sequence.Directory, "xela", "data.pkl") + ": frame 3 has timestamp");
    }

    [TestMethod]
    public void WrongArrayShapeNamesTheFileAndFrame()
    {
        var error = Assert.ThrowsExactly<InvalidDataException>(() =>
            SparshSkinDatasetReader.Convert(SparshSkinFixture.Path_("wrong-shape"), Path.Combine(Path.GetTempPath(), "unused-" + Guid.NewGuid().ToString("N"))));
        StringAssert.StartsWith(error.Message, SparshSkinFixture.Path_("wrong-shape", "cup", "0", "xela", "data.pkl") + ": frame 0 is an array of shape (368, 3); expected (368, 4)");
    }

    [TestMethod]
    public void HostileSequenceIsRefusedNamingTheFile()
    {
        using var output = new TempDirectory();
        string marker = output.File("hostile-pickle-ran");
        Environment.SetEnvironmentVariable("SPARSH_HOSTILE_MARKER", marker);
        try
        {
            var error = Assert.ThrowsExactly<InvalidDataException>(() => SparshSkinDatasetReader.Convert(SparshSkinFixture.Path_("hostile"), output.Path));
            StringAssert.StartsWith(error.Message, SparshSkinFixture.Path_("hostile", "evil", "0", "xela", "data.pkl") + ": refused global 'posix.system'");
            Assert.IsFalse(File.Exists(marker), "the payload never ran");
            Assert.IsFalse(File.Exists(Path.Combine(output.Path, DatasetManifest.FileName)), "no manifest for a failed conversion");
        }
        finally
        {
            Environment.SetEnvironmentVariable("SPARSH_HOSTILE_MARKER", null);
        }
    }

    [TestMethod]
    public void TruncatedOrMissingFilesAreNamed()
    {
        using var copy = new TempDirectory();
        SparshSkinFixture.CopyTree(SparshSkinFixture.Path_("pretraining", "cup", "0"), Path.Combine(copy.Path, "cup", "0"));
        var sequence = SparshSkinDatasetReader.FindSequences(copy.Path).Single();

        string allegro = Path.Combine(sequence.Directory, "allegro", "data.pkl");
        var bytes = File.ReadAllBytes(allegro);
        File.WriteAllBytes(allegro, bytes[..(bytes.Length - 100)]);
        var truncated = Assert.ThrowsExactly<InvalidDataException>(() => SparshSkinDatasetReader.ReadSequence(sequence, null, out _));
        StringAssert.StartsWith(truncated.Message, allegro + ": truncated pickle");

        string xela = Path.Combine(sequence.Directory, "xela", "data.pkl");
        File.Delete(xela);
        var missing = Assert.ThrowsExactly<InvalidDataException>(() => SparshSkinDatasetReader.ReadSequence(sequence, null, out _));
        Assert.AreEqual(xela + ": file not found.", missing.Message);

        var noRoot = Assert.ThrowsExactly<InvalidDataException>(() => SparshSkinDatasetReader.FindSequences(Path.Combine(copy.Path, "absent")));
        StringAssert.Contains(noRoot.Message, "absent: data set folder not found");
        var empty = Assert.ThrowsExactly<InvalidDataException>(() => SparshSkinDatasetReader.FindSequences(copy.Path));
        StringAssert.Contains(empty.Message, "no sequence found");
    }
}

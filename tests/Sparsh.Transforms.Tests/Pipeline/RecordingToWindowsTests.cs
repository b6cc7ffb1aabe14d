using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Transforms.Frames;
using Sparsh.Transforms.Hand;
using Sparsh.Transforms.Kinematics;
using Sparsh.Transforms.Normalization;
using Sparsh.Transforms.Preprocessing;
using Sparsh.Transforms.Recordings;
using Sparsh.Transforms.Windowing;
using Sparsh.Transforms.Xela;

namespace Sparsh.Transforms.Tests.Pipeline;

/// <summary>recording on disk -> align -> frames -> XelaWindowing -> KinematicPositions -> XelaNormalization.</summary>
[TestClass]
public sealed class RecordingToWindowsTests
{
    private const int DeadTaxel = 42;
    private string _directory = "";

    [TestInitialize]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("sparsh-pipeline-").FullName;

    [TestCleanup]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    // 1.2 s of data: magnetic at ~100 Hz with a 3 ms offset, joints at 300 Hz (joint_1 ramps 0.1 rad/s from 0.2 rad,
    // others mid-range), force at 50 Hz (linear in time). Taxel 42 reads 65535 (dead) throughout.
    private static XelaRecording Recording(bool withJoints = true)
    {
        var hand = HandModel.AllegroXela;
        double[] magneticTimes = Enumerable.Range(0, 121).Select(k => 0.003 + k * 0.01).ToArray();
        var magnetic = new float[magneticTimes.Length * XelaSkin.ValuesPerFrame];
        for (int k = 0; k < magneticTimes.Length; k++)
            for (int i = 0; i < XelaSkin.ValuesPerFrame; i++)
                magnetic[k * XelaSkin.ValuesPerFrame + i] = i / 3 == DeadTaxel ? 65535f : 30000f + i % 3 * 1000 + (float)(100 * magneticTimes[k]);

        double[] jointTimes = Enumerable.Range(0, 370).Select(k => k / 300.0).ToArray();
        var joints = new float[jointTimes.Length * XelaSkin.JointCount];
        for (int k = 0; k < jointTimes.Length; k++)
            for (int j = 0; j < XelaSkin.JointCount; j++)
                joints[k * 16 + j] = j == 1 ? (float)(0.2 + 0.1 * jointTimes[k])
                    : (float)(0.5 * (hand.Joints[j].LowerLimitRadians + hand.Joints[j].UpperLimitRadians));

        double[] forceTimes = Enumerable.Range(0, 62).Select(k => k / 50.0).ToArray();
        var force = forceTimes.SelectMany(t => new[] { 0f, 0f, (float)(2 * t) }).ToArray();

        return new XelaRecording("probe-001",
            new TimeSeries("magnetic", XelaSkin.ValuesPerFrame, magneticTimes, magnetic, "counts"),
            withJoints ? new TimeSeries("joints", XelaSkin.JointCount, jointTimes, joints, "rad") : null,
            new Dictionary<string, TimeSeries> { ["force"] = new("force", 3, forceTimes, force, "N") },
            skinId: "skin-a", task: "force");
    }

    private IDataView FramesFromDisk(XelaRecording recording)
    {
        string folder = Path.Combine(_directory, recording.Id);
        recording.Save(folder);
        var aligned = RecordingPreprocessor.Align(XelaRecording.Load(folder));
        return new XelaFrameDataView([aligned]);
    }

    [TestMethod]
    public void WindowsFromADiskRecordingHaveShapesPositionsLabelsAndMasks()
    {
        var frames = FramesFromDisk(Recording());
        var mlContext = new MLContext(seed: 1);
        var pipeline = new XelaWindowingEstimator(new XelaWindowingOptions { LabelColumnNames = ["force"] })
            .Append(new KinematicPositionsEstimator(new KinematicPositionsOptions()))
            .Append(new XelaNormalizationEstimator(new XelaNormalizationOptions { OutputColumnName = "Normalized" }));
        var windows = pipeline.Fit(frames).Transform(frames);

        var schema = windows.Schema;
        CollectionAssert.AreEqual(new[] { 10, 368, 3 }, ((VectorDataViewType)schema[XelaColumnNames.Magnetic].Type).Dimensions.ToArray());
        CollectionAssert.AreEqual(new[] { 10, 16 }, ((VectorDataViewType)schema[XelaColumnNames.JointAngles].Type).Dimensions.ToArray());
        CollectionAssert.AreEqual(new[] { 10, 368 }, ((VectorDataViewType)schema[XelaColumnNames.Validity].Type).Dimensions.ToArray());
        CollectionAssert.AreEqual(new[] { 10, 368, 3 }, ((VectorDataViewType)schema[XelaColumnNames.TaxelPositions].Type).Dimensions.ToArray());

        var starts = windows.GetColumn<double>(XelaColumnNames.WindowStartSeconds).ToArray();
        var jointWindows = windows.GetColumn<float[]>(XelaColumnNames.JointAngles).ToArray();
        var positionWindows = windows.GetColumn<float[]>(XelaColumnNames.TaxelPositions).ToArray();
        var forces = windows.GetColumn<float[]>("force").ToArray();
        var validity = windows.GetColumn<bool[]>(XelaColumnNames.Validity).ToArray();
        var normalized = windows.GetColumn<float[]>("Normalized").ToArray();

        // The common span is [0.01, 1.203] s on the 100 Hz grid: frames 0.01 .. 1.20 = 120 frames = 12 windows.
        Assert.AreEqual(12, starts.Length);
        Assert.AreEqual(0.01, starts[0], 1e-9);
        Assert.AreEqual(0.11, starts[1], 1e-9);

        var hand = HandModel.AllegroXela;
        var expected = new float[XelaSkin.ValuesPerFrame];
        int w = 5, f = 7;
        double t = starts[w] + f * 0.01;
        Assert.AreEqual(0.2 + 0.1 * t, jointWindows[w][f * 16 + 1], 1e-5, "joint_1's ramp survives resampling");
        hand.ComputeTaxelPoses(jointWindows[w].AsSpan(f * 16, 16), expected, Span<float>.Empty);
        CollectionAssert.AreEqual(expected, positionWindows[w].AsSpan(f * XelaSkin.ValuesPerFrame, XelaSkin.ValuesPerFrame).ToArray());
        Assert.AreEqual(2 * (starts[w] + 0.09), forces[w][2], 1e-4, "force label of the window's last frame");

        for (int frame = 0; frame < 10; frame++)
        {
            Assert.IsFalse(validity[w][frame * 368 + DeadTaxel], "the dead taxel is masked");
            Assert.IsTrue(validity[w][frame * 368 + DeadTaxel + 1]);
            Assert.AreEqual(0f, normalized[w][frame * XelaSkin.ValuesPerFrame + 3 * DeadTaxel], "invalid values stay zero after normalising");
        }
        // Each axis is standardised over all windows: z (offset +2000 counts) is centred like x.
        var zValues = normalized.SelectMany(n => Enumerable.Range(0, 10 * XelaSkin.ValuesPerFrame).Where(i => i / 3 % 368 != DeadTaxel && i % 3 == 2).Select(i => n[i])).ToArray();
        Assert.AreEqual(0.0, zValues.Average(), 1e-3);
        Assert.AreEqual(1.0, Math.Sqrt(zValues.Select(v => (double)v * v).Average()), 1e-3);
    }

    [TestMethod]
    public void MissingJointStreamIsReportedWhenWindowing()
    {
        var frames = FramesFromDisk(Recording(withJoints: false));
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            new XelaWindowingEstimator(new XelaWindowingOptions()).Fit(frames));
        StringAssert.Contains(error.Message, "'JointAngles'");
    }

    [TestMethod]
    public void FrameViewRejectsRecordingsWithDifferentLabels()
    {
        var a = RecordingPreprocessor.Align(Recording());
        var other = Recording();
        var b = RecordingPreprocessor.Align(new XelaRecording("probe-002", other.Magnetic, other.Joints, new Dictionary<string, TimeSeries>()));
        var error = Assert.ThrowsExactly<ArgumentException>(() => new XelaFrameDataView([a, b]));
        StringAssert.Contains(error.Message, "'probe-002'");
        StringAssert.Contains(error.Message, "force");
    }
}

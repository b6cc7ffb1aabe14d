using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Simulation.Datasets;
using Sparsh.Simulation.Nuisances;
using Sparsh.Simulation.Scenarios;
using Sparsh.Transforms.Recordings;
using Sparsh.Transforms.Windowing;
using Sparsh.Transforms.Xela;

namespace Sparsh.Simulation.Tests;

[TestClass]
public sealed class SimulatedWindowingTests
{
    public sealed class Frame
    {
        public string RecordingId { get; set; } = "";
        public double TimestampSeconds { get; set; }
        [VectorType(XelaSkin.ValuesPerFrame)] public float[] Magnetic { get; set; } = [];
        [VectorType(XelaSkin.JointCount)] public float[] JointAngles { get; set; } = [];
        [VectorType(3)] public float[] Label { get; set; } = [];
    }

    [TestMethod]
    public void WrittenDatasetFeedsTheWindowingPipeline()
    {
        using var folder = new TempDirectory();
        var options = new SimulatedDatasetOptions
        {
            RecordingsPerTask = 2,
            SkinCount = 2,
            Seed = 3,
            Tasks = [ForceProbingScenario.TaskName, JoystickScenario.TaskName],
            Scenario = ScenarioFixture.Short(3) with { MagneticTiming = new StreamTimingOptions { DropProbability = 0.01 } },
        };
        new SimulatedDatasetWriter(options).Write(folder.Path);
        var manifest = DatasetManifest.Load(folder.Path);
        var recordings = manifest.Recordings.Select(e => DatasetManifest.LoadRecording(folder.Path, e)).ToList();
        var frames = recordings.SelectMany(Frames).ToList();

        var mlContext = new MLContext(seed: 1);
        var data = mlContext.Data.LoadFromEnumerable(frames);
        var windows = new XelaWindowingEstimator(new XelaWindowingOptions { WindowLengthFrames = 10, StrideFrames = 10, LabelColumnNames = [XelaColumnNames.Label] })
            .Fit(data).Transform(data);

        var byStart = frames.ToDictionary(f => (f.RecordingId, f.TimestampSeconds));
        int count = 0;
        using var cursor = windows.GetRowCursor(windows.Schema);
        var id = cursor.GetGetter<ReadOnlyMemory<char>>(windows.Schema[XelaColumnNames.RecordingId]);
        var start = cursor.GetGetter<double>(windows.Schema[XelaColumnNames.WindowStartSeconds]);
        var magnetic = cursor.GetGetter<VBuffer<float>>(windows.Schema[XelaColumnNames.Magnetic]);
        var label = cursor.GetGetter<VBuffer<float>>(windows.Schema[XelaColumnNames.Label]);
        ReadOnlyMemory<char> idValue = default;
        double startValue = 0;
        VBuffer<float> m = default, l = default;
        while (cursor.MoveNext())
        {
            id(ref idValue);
            start(ref startValue);
            magnetic(ref m);
            label(ref l);
            count++;
            Assert.AreEqual(10 * XelaSkin.ValuesPerFrame, m.Length);
            // The window starts at a frame of that recording, and its frames are that frame and the next nine.
            var first = byStart[(idValue.ToString(), startValue)];
            CollectionAssert.AreEqual(first.Magnetic, m.DenseValues().Take(XelaSkin.ValuesPerFrame).ToArray());
            Assert.AreEqual(3, l.Length);
        }
        // Drop-outs split the stream, so there are fewer windows than frames / 10, but most frames are used.
        Assert.IsLessThanOrEqualTo(frames.Count / 10, count);
        Assert.IsGreaterThan(frames.Count / 10 * 0.6, count);
    }

    // Magnetic frames with the joint reading and label sample most recently received (sample and hold).
    private static IEnumerable<Frame> Frames(XelaRecording recording)
    {
        var joints = recording.Joints!;
        var label = recording.Labels.Values.Single();
        int j = 0, k = 0;
        for (int r = 0; r < recording.Magnetic.Count; r++)
        {
            double t = recording.Magnetic.TimestampsSeconds[r];
            while (j + 1 < joints.Count && joints.TimestampsSeconds[j + 1] <= t) j++;
            while (k + 1 < label.Count && label.TimestampsSeconds[k + 1] <= t) k++;
            yield return new Frame
            {
                RecordingId = recording.Id,
                TimestampSeconds = t,
                Magnetic = recording.Magnetic.Row(r).ToArray(),
                JointAngles = joints.Row(j).ToArray(),
                Label = label.Row(k).ToArray(),
            };
        }
    }
}

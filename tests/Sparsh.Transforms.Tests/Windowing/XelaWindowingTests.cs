using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Transforms.Windowing;
using Sparsh.Transforms.Xela;

namespace Sparsh.Transforms.Tests.Windowing;

[TestClass]
public sealed class XelaWindowingTests
{
    public sealed class Frame
    {
        public string RecordingId { get; set; } = "";
        public double TimestampSeconds { get; set; }
        [VectorType(XelaSkin.TaxelCount, XelaSkin.AxisCount)] public float[] Magnetic { get; set; } = [];
        [VectorType(XelaSkin.JointCount)] public float[] JointAngles { get; set; } = [];
        [VectorType(2)] public float[] Force { get; set; } = [];
    }

    private sealed record Window(string Id, double Start, float[] Magnetic, float[] Joints, float[] Force);

    // Frame k of a recording carries k in magnetic value 0 and joint 15, and (k, -k) as its force label.
    private static IEnumerable<Frame> Recording(string id, int frames, double start = 0, Func<int, double>? time = null)
    {
        for (int k = 0; k < frames; k++)
        {
            var magnetic = new float[XelaSkin.ValuesPerFrame];
            magnetic[0] = k;
            magnetic[^1] = 1000 + k;
            var joints = new float[XelaSkin.JointCount];
            joints[15] = k;
            yield return new Frame
            {
                RecordingId = id,
                TimestampSeconds = time?.Invoke(k) ?? start + k / 100.0,
                Magnetic = magnetic,
                JointAngles = joints,
                Force = [k, -k],
            };
        }
    }

    private static List<Window> Windows(IEnumerable<Frame> frames, XelaWindowingOptions options)
    {
        var mlContext = new MLContext(seed: 1);
        var data = mlContext.Data.LoadFromEnumerable(frames.ToList());
        var windows = mlContext.Transforms.CopyColumns("Copy", XelaColumnNames.Magnetic) // any ML.NET estimator can precede it
            .Append(new XelaWindowingEstimator(options)).Fit(data).Transform(data);
        var result = new List<Window>();
        using var cursor = windows.GetRowCursor(windows.Schema);
        var id = cursor.GetGetter<ReadOnlyMemory<char>>(windows.Schema[XelaColumnNames.RecordingId]);
        var start = cursor.GetGetter<double>(windows.Schema[XelaColumnNames.WindowStartSeconds]);
        var magnetic = cursor.GetGetter<VBuffer<float>>(windows.Schema[XelaColumnNames.Magnetic]);
        var joints = cursor.GetGetter<VBuffer<float>>(windows.Schema[XelaColumnNames.JointAngles]);
        var force = cursor.GetGetter<VBuffer<float>>(windows.Schema["Force"]);
        ReadOnlyMemory<char> idValue = default;
        double startValue = 0;
        VBuffer<float> m = default, j = default, f = default;
        while (cursor.MoveNext())
        {
            id(ref idValue); start(ref startValue); magnetic(ref m); joints(ref j); force(ref f);
            result.Add(new Window(idValue.ToString(), startValue, m.DenseValues().ToArray(), j.DenseValues().ToArray(), f.DenseValues().ToArray()));
        }
        return result;
    }

    private static XelaWindowingOptions Options(int length = 10, int stride = 10, LabelAggregation aggregation = LabelAggregation.End) => new()
    {
        WindowLengthFrames = length,
        StrideFrames = stride,
        LabelColumnNames = ["Force"],
        LabelAggregation = aggregation,
    };

    [TestMethod]
    public void WindowsStackFramesInOrderAndNeverCrossRecordings()
    {
        var windows = Windows(Recording("a", 25).Concat(Recording("b", 12, start: 5)), Options());

        CollectionAssert.AreEqual(new[] { "a", "a", "b" }, windows.Select(w => w.Id).ToArray());
        CollectionAssert.AreEqual(new[] { 0.0, 0.1, 5.0 }, windows.Select(w => Math.Round(w.Start, 9)).ToArray());
        var second = windows[1];
        Assert.AreEqual(10 * XelaSkin.ValuesPerFrame, second.Magnetic.Length);
        for (int f = 0; f < 10; f++)
        {
            Assert.AreEqual(10 + f, second.Magnetic[f * XelaSkin.ValuesPerFrame], $"frame {f} of the window is input frame {10 + f}");
            Assert.AreEqual(1010 + f, second.Magnetic[(f + 1) * XelaSkin.ValuesPerFrame - 1]);
            Assert.AreEqual(10 + f, second.Joints[f * XelaSkin.JointCount + 15]);
        }
        CollectionAssert.AreEqual(new float[] { 19, -19 }, second.Force, "label of the window's last frame");
    }

    [TestMethod]
    public void OverlappingStrideAndMeanLabels()
    {
        var windows = Windows(Recording("a", 25), Options(length: 10, stride: 3, aggregation: LabelAggregation.Mean));

        CollectionAssert.AreEqual(new[] { 0, 3, 6, 9, 12, 15 }, windows.Select(w => (int)w.Magnetic[0]).ToArray());
        var last = windows[^1];
        for (int f = 0; f < 10; f++) Assert.AreEqual(15 + f, last.Magnetic[f * XelaSkin.ValuesPerFrame]);
        CollectionAssert.AreEqual(new float[] { 19.5f, -19.5f }, last.Force, "mean of frames 15..24");
    }

    [TestMethod]
    public void GapLongerThanTheLimitStartsANewRun()
    {
        // Frames 0..11 at 100 Hz, then a 50 ms hole, then frames 12..31.
        var windows = Windows(Recording("a", 32, time: k => k < 12 ? k / 100.0 : 0.05 + k / 100.0), Options());

        CollectionAssert.AreEqual(new[] { 0, 12, 22 }, windows.Select(w => (int)w.Magnetic[0]).ToArray());
        Assert.AreEqual(0.17, windows[1].Start, 1e-12);
    }

    [TestMethod]
    public void OutputColumnsCarryWindowDimensions()
    {
        var mlContext = new MLContext(seed: 1);
        var data = mlContext.Data.LoadFromEnumerable(Recording("a", 10).ToList());
        var schema = new XelaWindowingEstimator(Options()).Fit(data).GetOutputSchema(data.Schema);

        CollectionAssert.AreEqual(new[] { 10, XelaSkin.TaxelCount, XelaSkin.AxisCount },
            ((VectorDataViewType)schema[XelaColumnNames.Magnetic].Type).Dimensions.ToArray());
        CollectionAssert.AreEqual(new[] { 10, XelaSkin.JointCount }, ((VectorDataViewType)schema[XelaColumnNames.JointAngles].Type).Dimensions.ToArray());
        Assert.AreEqual(2, ((VectorDataViewType)schema["Force"].Type).Size);
        Assert.AreEqual(NumberDataViewType.Double, schema[XelaColumnNames.WindowStartSeconds].Type);
    }

    [TestMethod]
    public void TimestampsGoingBackwardsNameTheRowAndRecording()
    {
        var frames = Recording("rec-7", 12).ToList();
        frames[5].TimestampSeconds = frames[4].TimestampSeconds;
        var error = Assert.ThrowsExactly<InvalidDataException>(() => Windows(frames, Options()));
        StringAssert.Contains(error.Message, "row 5");
        StringAssert.Contains(error.Message, "'rec-7'");
    }

    [TestMethod]
    public void MissingJointStreamIsReportedByName()
    {
        var mlContext = new MLContext(seed: 1);
        var data = mlContext.Data.LoadFromEnumerable(Recording("a", 10).ToList());
        var noJoints = mlContext.Transforms.DropColumns(XelaColumnNames.JointAngles).Fit(data).Transform(data);
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new XelaWindowingEstimator(Options()).Fit(noJoints));
        StringAssert.Contains(error.Message, "'JointAngles'");
        StringAssert.Contains(error.Message, "joint stream is missing");
    }
}

using Microsoft.ML;
using Sparsh.Transforms.Recordings;
using Sparsh.Transforms.Xela;

namespace Sparsh.MLNet.Tests;

/// <summary>Frames and samples dropped while loading are counted per recording and logged; a recording that loses everything is an error.</summary>
[TestClass]
public sealed class FrameDropReportTests
{
    // 1 s at 100 Hz, every stream sampled on the grid; joint samples in [nanFrom, nanTo) hold NaN.
    private static XelaRecording Recording(string id, int nanFrom, int nanTo)
    {
        double[] times = Enumerable.Range(0, 101).Select(k => k / 100.0).ToArray();
        var magnetic = new float[times.Length * XelaSkin.ValuesPerFrame];
        Array.Fill(magnetic, 30000f);
        var joints = new float[times.Length * XelaSkin.JointCount];
        Array.Fill(joints, 0.3f);
        for (int k = nanFrom; k < nanTo; k++) joints[k * XelaSkin.JointCount + 2] = float.NaN;
        var force = times.SelectMany(t => new[] { 0f, 0f, (float)t }).ToArray();
        return new XelaRecording(id,
            new TimeSeries("magnetic", XelaSkin.ValuesPerFrame, times, magnetic, "counts"),
            new TimeSeries("joints", XelaSkin.JointCount, times, joints, "rad"),
            new Dictionary<string, TimeSeries> { ["force"] = new("force", 3, times, force, "N") },
            skinId: "skin-a", task: "force");
    }

    [TestMethod]
    public void NaNJointSamplesAreCountedAndLogged()
    {
        var mlContext = new MLContext(seed: 1);
        var messages = new List<string>();
        mlContext.Log += (_, e) => { lock (messages) messages.Add(e.Message); };

        var view = mlContext.Sparsh().Frames([Recording("clean", 0, 0), Recording("holey", 40, 50)]);

        Assert.IsTrue(view.Reports[0].IsComplete);
        Assert.AreEqual(101, view.Reports[0].FramesKept);
        var holey = view.Reports[1];
        Assert.AreEqual("holey", holey.RecordingId);
        Assert.AreEqual(10, holey.NonFiniteSamplesDropped["joints"]);
        Assert.IsTrue(holey.FramesDropped >= 10, $"{holey.FramesDropped} frames dropped");
        Assert.AreEqual(101 + holey.FramesKept, view.GetRowCount());
        Assert.IsTrue(messages.Any(m => m.Contains("recording 'holey'") && m.Contains("joints 10")), string.Join("\n", messages));
        Assert.IsFalse(messages.Any(m => m.Contains("recording 'clean'")), "a complete recording is not reported");
    }

    [TestMethod]
    public void ARecordingWhoseJointsAreAllNaNIsAnErrorNamingIt()
    {
        var mlContext = new MLContext(seed: 1);
        var error = Assert.ThrowsExactly<InvalidDataException>(() => mlContext.Sparsh().Frames([Recording("clean", 0, 0), Recording("dead", 0, 101)]));
        StringAssert.Contains(error.Message, "recording 'dead'");
        StringAssert.Contains(error.Message, "0 of 101 frames kept");
        StringAssert.Contains(error.Message, "joints 101");
    }
}

using Sparsh.Transforms.Recordings;
using Sparsh.Transforms.Xela;

namespace Sparsh.Transforms.Tests.Recordings;

[TestClass]
public sealed class XelaRecordingTests
{
    [TestMethod]
    public void MagneticWidthMustBeAFullFrame()
    {
        var wrong = new TimeSeries("magnetic", 1103, [0.0], new float[1103], "counts");
        var e = Assert.ThrowsExactly<ArgumentException>(() => new XelaRecording("r1", wrong));
        StringAssert.Contains(e.Message, "recording 'r1': stream 'magnetic' has width 1103; magnetic frames need 1104 values");
    }

    [TestMethod]
    public void JointWidthMustBeSixteen()
    {
        var magnetic = RecordingSamples.Magnetic([0.0], (_, _) => 30000f);
        var joints = new TimeSeries("joints", 15, [0.0], new float[15], "rad");
        var e = Assert.ThrowsExactly<ArgumentException>(() => new XelaRecording("r1", magnetic, joints));
        StringAssert.Contains(e.Message, "stream 'joints' has width 15; joint states need 16 angles");
    }

    [TestMethod]
    public void LabelNamesMustBeSafeFileNames()
    {
        var magnetic = RecordingSamples.Magnetic([0.0], (_, _) => 30000f);
        var label = new TimeSeries("f", 1, [0.0], [1f], "N");
        var e = Assert.ThrowsExactly<ArgumentException>(() => new XelaRecording("r1", magnetic, null, new Dictionary<string, TimeSeries> { ["../force"] = label }));
        StringAssert.Contains(e.Message, "label name '../force'");
    }

    [TestMethod]
    public void JointsMayBeMissing()
    {
        var recording = new XelaRecording("fixed-hand", RecordingSamples.Magnetic([0.0, 0.01], (_, _) => 30000f));
        Assert.IsNull(recording.Joints);
        Assert.AreEqual(0, recording.Labels.Count);
        Assert.AreEqual(XelaSkin.ValuesPerFrame, recording.Magnetic.Width);
    }
}

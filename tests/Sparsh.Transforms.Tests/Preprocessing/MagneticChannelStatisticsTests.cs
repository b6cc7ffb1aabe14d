using Sparsh.Transforms.Preprocessing;
using Sparsh.Transforms.Xela;

namespace Sparsh.Transforms.Tests.Preprocessing;

[TestClass]
public sealed class MagneticChannelStatisticsTests
{
    private const int W = XelaSkin.ValuesPerFrame;

    /// <summary>x = {1, 3}, y = {2, 4, 6}, z = {10, 14}; every other value is 0 (invalid).</summary>
    private static float[] Frames()
    {
        var frames = new float[2 * W];
        frames[0] = 1; frames[1] = 2; frames[2] = 10;       // frame 0, taxel 0
        frames[3] = 3; frames[4] = 4;                       // frame 0, taxel 1 (z invalid)
        frames[W + 1] = 6; frames[W + 2] = 14;              // frame 1, taxel 0 (x invalid)
        return frames;
    }

    [TestMethod]
    public void MeanAndPopulationStdPerAxisOverNonZeroValues()
    {
        var statistics = MagneticChannelStatistics.Fit([Frames().AsMemory()]);
        CollectionAssert.AreEqual(new[] { 2.0, 4.0, 12.0 }, statistics.Mean.ToArray());
        Assert.AreEqual(1.0, statistics.Std[0], 1e-12);
        Assert.AreEqual(Math.Sqrt(8.0 / 3), statistics.Std[1], 1e-12);
        Assert.AreEqual(2.0, statistics.Std[2], 1e-12);
    }

    [TestMethod]
    public void FitOverSeveralBlocksEqualsFitOverAll()
    {
        var frames = Frames();
        var split = MagneticChannelStatistics.Fit([frames.AsMemory(0, W), frames.AsMemory(W, W)]);
        var whole = MagneticChannelStatistics.Fit([frames.AsMemory()]);
        for (int a = 0; a < 3; a++)
        {
            Assert.AreEqual(whole.Mean[a], split.Mean[a], 1e-12);
            Assert.AreEqual(whole.Std[a], split.Std[a], 1e-12);
        }
    }

    [TestMethod]
    public void NormalizeLeavesInvalidZerosAtZero()
    {
        var statistics = MagneticChannelStatistics.Fit([Frames().AsMemory()]);
        var frames = Frames();
        statistics.Normalize(frames);
        Assert.AreEqual(-1f, frames[0]);
        Assert.AreEqual((float)(-2 / Math.Sqrt(8.0 / 3)), frames[1], 1e-6f);
        Assert.AreEqual(-1f, frames[2]);
        Assert.AreEqual(1f, frames[3]);
        Assert.AreEqual(0f, frames[4]);
        Assert.AreEqual(0f, frames[5], "invalid z stays 0");
        Assert.AreEqual(0f, frames[W], "invalid x stays 0");
        Assert.AreEqual(1f, frames[W + 2]);
        Assert.AreEqual(6, frames.Count(v => v != 0f));
    }

    [TestMethod]
    public void FitOnAlignedRecordingsUsesOkFramesAfterTheBaseline()
    {
        var magnetic = new float[3 * W];
        for (int c = 0; c < W; c++)
        {
            magnetic[c] = 30000f + 1;             // frame 0: +1 above baseline on every axis
            magnetic[W + c] = 12345f;             // frame 1: in a gap, must not count
            magnetic[2 * W + c] = 30000f + 3;     // frame 2: +3
        }
        var aligned = new AlignedRecording("train", null, null, 100, [0.0, 0.01, 0.02], magnetic, null,
            new Dictionary<string, AlignedLabel>(), [true, false, true], ValidityFlagging.Flag(new float[W].Select(_ => 30000f).ToArray()));
        var baseline = new TaxelBaseline(Enumerable.Repeat(30000f, W).ToArray());

        var statistics = MagneticChannelStatistics.Fit([aligned], baseline);

        for (int a = 0; a < 3; a++)
        {
            Assert.AreEqual(2.0, statistics.Mean[a], 1e-12);
            Assert.AreEqual(1.0, statistics.Std[a], 1e-12);
        }
        Assert.AreEqual(30001f, aligned.Magnetic[0], "fitting does not modify the recording");
    }

    [TestMethod]
    public void AxisWithoutValidValuesIsAnError()
    {
        var frames = new float[W];
        frames[0] = 5; frames[3] = 7; frames[2] = 1; frames[5] = 2;
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => MagneticChannelStatistics.Fit([frames.AsMemory()]));
        Assert.AreEqual("axis y: no valid (non-zero) values to fit statistics on.", e.Message);
    }

    [TestMethod]
    public void JsonRoundTrip()
    {
        var statistics = MagneticChannelStatistics.Fit([Frames().AsMemory()]);
        string json = statistics.ToJson();
        var back = MagneticChannelStatistics.FromJson(json);
        CollectionAssert.AreEqual(statistics.Mean.ToArray(), back.Mean.ToArray());
        CollectionAssert.AreEqual(statistics.Std.ToArray(), back.Std.ToArray());
        StringAssert.Contains(json, "\"mean\"");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => MagneticChannelStatistics.FromJson("{\"mean\":[0,0,0],\"std\":[1,0,1]}"));
        StringAssert.Contains(e.Message, "axis y");
    }
}

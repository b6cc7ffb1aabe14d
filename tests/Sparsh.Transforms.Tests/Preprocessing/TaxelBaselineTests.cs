using Sparsh.Transforms.Preprocessing;
using Sparsh.Transforms.Recordings;
using Sparsh.Transforms.Tests.Recordings;
using Sparsh.Transforms.Xela;

namespace Sparsh.Transforms.Tests.Preprocessing;

[TestClass]
public sealed class TaxelBaselineTests
{
    private const int W = XelaSkin.ValuesPerFrame;

    private static XelaRecording Rest()
    {
        float[] channel0 = [30000f, 30010f, 70000f];       // the out-of-range sample is left out: mean 30005
        float[] channel1 = [10f, 19999f, float.NaN];       // never valid: no baseline
        var magnetic = RecordingSamples.Magnetic([0.0, 0.01, 0.02], (r, c) => c switch
        {
            0 => channel0[r],
            1 => channel1[r],
            _ => 40000f + c + r,                            // mean 40001 + c
        });
        return new XelaRecording("rest", magnetic, skinId: "skin-A");
    }

    [TestMethod]
    public void MeansAreOverValidSamplesAndChannelsWithoutAnyAreNaN()
    {
        var baseline = TaxelBaseline.FromRest(Rest());
        Assert.AreEqual(30005f, baseline.MeansCounts[0]);
        Assert.IsTrue(float.IsNaN(baseline.MeansCounts[1]));
        Assert.AreEqual(40001f + 2, baseline.MeansCounts[2]);
        Assert.AreEqual(40001f + 1103, baseline.MeansCounts[1103]);
        CollectionAssert.AreEqual(new[] { 1 }, baseline.MissingChannels.ToArray());
        Assert.AreEqual("skin-A", baseline.SkinId);
    }

    [TestMethod]
    public void SubtractLeavesInvalidZerosAndUntaredChannelsAtZero()
    {
        var baseline = TaxelBaseline.FromRest(Rest());
        var frames = new float[2 * W];
        for (int c = 0; c < W; c++) frames[c] = frames[W + c] = 40001f + c + 5;
        frames[0] = 30105f;
        frames[1] = 30000f;     // valid, but channel 1 has no baseline
        frames[2] = 0f;         // invalid stays invalid
        frames[W] = 29905f;

        baseline.Subtract(frames);

        CollectionAssert.AreEqual(new[] { 100f, 0f, 0f, 5f, 5f }, frames[..5]);
        Assert.AreEqual(-100f, frames[W]);
        Assert.AreEqual(5f, frames[2 * W - 1]);
    }

    [TestMethod]
    public void AlignedRestUsesOnlyFramesThatAreOk()
    {
        var magnetic = new float[3 * W];
        Array.Fill(magnetic, 30000f);
        magnetic.AsSpan(W, W).Fill(99999f);     // frame 1 is in a gap and must not count
        magnetic[2 * W] = 30020f;
        magnetic[2 * W + 1] = 0f;               // invalid in frame 2
        var aligned = new AlignedRecording("rest", "skin-A", null, 100, [0.0, 0.01, 0.02], magnetic, null,
            new Dictionary<string, AlignedLabel>(), [true, false, true], ValidityFlagging.Flag(new float[3 * W].Select(_ => 30000f).ToArray()));

        var baseline = TaxelBaseline.FromRest(aligned);

        Assert.AreEqual(30010f, baseline.MeansCounts[0]);
        Assert.AreEqual(30000f, baseline.MeansCounts[1]);
        Assert.AreEqual(30000f, baseline.MeansCounts[W - 1]);
        Assert.AreEqual("skin-A", baseline.SkinId);
    }

    [TestMethod]
    public void JsonRoundTripKeepsNaN()
    {
        var baseline = TaxelBaseline.FromRest(Rest());
        var back = TaxelBaseline.FromJson(baseline.ToJson());
        CollectionAssert.AreEqual(baseline.MeansCounts.ToArray(), back.MeansCounts.ToArray());
        Assert.AreEqual("skin-A", back.SkinId);
        StringAssert.Contains(baseline.ToJson(), "\"NaN\"");
        Assert.ThrowsExactly<InvalidDataException>(() => TaxelBaseline.FromJson("{\"means_counts\":[1,2]}"));
    }
}

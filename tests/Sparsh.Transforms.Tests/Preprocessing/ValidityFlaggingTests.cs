using Sparsh.Transforms.Preprocessing;
using Sparsh.Transforms.Xela;

namespace Sparsh.Transforms.Tests.Preprocessing;

[TestClass]
public sealed class ValidityFlaggingTests
{
    [TestMethod]
    public void OutOfRangeNaNAndInfinityAreZeroedAndCounted()
    {
        var frames = new float[3 * XelaSkin.ValuesPerFrame];
        Array.Fill(frames, 30000f);
        frames[0] = 19999.99f;             // taxel 0: below range
        frames[1] = 20000f;                // boundaries are valid
        frames[2] = 60000f;
        frames[3] = 60000.01f;             // taxel 1: above range
        frames[4] = float.PositiveInfinity;
        frames[5] = float.NegativeInfinity;
        frames[7] = float.NaN;             // taxel 2
        frames[2 * XelaSkin.ValuesPerFrame + 3 * 367 + 2] = 0f;   // frame 2, last taxel: 0 is below range too

        var report = ValidityFlagging.Flag(frames);

        Assert.AreEqual(3, report.Frames);
        Assert.AreEqual(6L, report.InvalidValues);
        Assert.AreEqual(2, report.FramesAffected);
        Assert.AreEqual(1, report.InvalidValuesPerTaxel[0]);
        Assert.AreEqual(3, report.InvalidValuesPerTaxel[1]);
        Assert.AreEqual(1, report.InvalidValuesPerTaxel[2]);
        Assert.AreEqual(1, report.InvalidValuesPerTaxel[367]);
        Assert.AreEqual(6, report.InvalidValuesPerTaxel.Sum());
        CollectionAssert.AreEqual(new[] { 0f, 20000f, 60000f, 0f, 0f, 0f, 30000f, 0f, 30000f }, frames[..9]);
        Assert.AreEqual(6, frames.Count(v => v == 0f), "exactly the invalid values are zeroed");
        Assert.AreEqual(0, report.DeadTaxels().Count);
    }

    [TestMethod]
    public void TaxelInvalidInEveryFrameIsDead()
    {
        var frames = new float[4 * XelaSkin.ValuesPerFrame];
        Array.Fill(frames, 25000f);
        for (int f = 0; f < 4; f++)
            for (int a = 0; a < 3; a++) frames[f * XelaSkin.ValuesPerFrame + 3 * 100 + a] = 65535f;
        var report = ValidityFlagging.Flag(frames);
        CollectionAssert.AreEqual(new[] { 100 }, report.DeadTaxels().ToArray());
        Assert.AreEqual(12, report.InvalidValuesPerTaxel[100]);
        Assert.AreEqual(4, report.FramesAffected);
        Assert.AreEqual(12.0 / (4 * 1104), report.InvalidFraction, 1e-12);
    }

    [TestMethod]
    public void PartialFramesAndNonPositiveRangesAreRejected()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => ValidityFlagging.Flag(new float[1105]));
        StringAssert.Contains(e.Message, "1105 values are not whole frames of 1104");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ValidityFlagging.Flag(new float[1104], minCounts: 0f));
    }
}

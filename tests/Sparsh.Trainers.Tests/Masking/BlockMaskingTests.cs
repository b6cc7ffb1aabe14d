using Sparsh.Trainers.Encoder;
using Sparsh.Trainers.Masking;
using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Tests.Masking;

[TestClass]
public sealed class BlockMaskingTests
{
    private static readonly TaxelNeighbourhood Hand = TaxelNeighbourhood.AllegroXela;

    [TestMethod]
    public void KeptFractionsStayInTheirRanges()
    {
        var masking = new BlockMasking(Hand, new BlockMaskingOptions());
        var random = new Random(1);
        var globalFractions = new List<double>();
        var localFractions = new List<double>();
        for (int i = 0; i < 200; i++)
        {
            var views = masking.Sample(random, batchSize: 2);
            Assert.AreEqual(2, views.Global.Length);
            Assert.AreEqual(8, views.Local.Length);
            foreach (var block in views.Global.SelectMany(v => v)) Assert.AreEqual(views.GlobalKeep, block.Length);
            foreach (var block in views.Local.SelectMany(v => v)) Assert.AreEqual(views.LocalKeep, block.Length);
            globalFractions.Add(views.GlobalKeep / 368.0);
            localFractions.Add(views.LocalKeep / 368.0);
        }
        double half = 0.5 / 368;
        Assert.IsTrue(globalFractions.All(f => f >= 0.4 - half && f <= 1.0), $"global {globalFractions.Min()}..{globalFractions.Max()}");
        Assert.IsTrue(localFractions.All(f => f >= 0.1 - half && f <= 0.4 + half), $"local {localFractions.Min()}..{localFractions.Max()}");
        // Uniform draws: the ranges are covered, not just respected.
        Assert.IsTrue(globalFractions.Min() < 0.45 && globalFractions.Max() > 0.95);
        Assert.IsTrue(localFractions.Min() < 0.13 && localFractions.Max() > 0.37);
        Assert.AreEqual(0.7, globalFractions.Average(), 0.04);
        Assert.AreEqual(0.25, localFractions.Average(), 0.03);
    }

    [TestMethod]
    public void AtLeastOneTaxelIsKept()
    {
        var masking = new BlockMasking(Hand, new BlockMaskingOptions { GlobalKeepMin = 0, GlobalKeepMax = 0, LocalKeepMin = 0, LocalKeepMax = 0.001 });
        var views = masking.Sample(new Random(2), batchSize: 3);
        Assert.AreEqual(1, views.GlobalKeep);
        Assert.AreEqual(1, views.LocalKeep);
    }

    [TestMethod]
    public void BlocksAreBallsInTheHandRestGeometry()
    {
        var masking = new BlockMasking(Hand, new BlockMaskingOptions());
        var random = new Random(3);
        for (int i = 0; i < 40; i++)
        {
            var views = masking.Sample(random, batchSize: 1);
            foreach (var block in views.Global.Concat(views.Local).SelectMany(v => v))
            {
                CollectionAssert.AreEqual(block.Distinct().Order().ToArray(), block, "sorted, distinct taxel indices");
                Assert.IsTrue(IsBall(block), $"block of {block.Length} taxels is not a contiguous region around one taxel");
            }
        }
    }

    [TestMethod]
    public void RandomTaxelSetsAreNotMistakenForBlocks()
    {
        // The contiguity check has teeth: 30 random taxels are not a region.
        var random = new Random(4);
        var taxels = Enumerable.Range(0, 368).ToArray();
        random.Shuffle(taxels);
        Assert.IsFalse(IsBall(taxels[..30].Order().ToArray()));
    }

    [TestMethod]
    public void SmallBlocksStayOnOnePatchOrItsNeighbours()
    {
        // A 16-taxel block is about one 4x4 patch: its taxels span at most a few centimetres of the resting hand.
        var masking = new BlockMasking(Hand, new BlockMaskingOptions());
        var random = new Random(5);
        for (int i = 0; i < 50; i++)
        {
            var block = masking.Block(random, 16);
            float span = block.SelectMany(a => block.Select(b => Hand.Distance(a, b))).Max();
            Assert.IsTrue(span < 0.05f, $"16-taxel block spans {span * 1000:F1} mm");
        }
    }

    [TestMethod]
    public void TokenMasksCoverTenToFiftyPercentOfTheGlobalViewAsABlock()
    {
        var masking = new BlockMasking(Hand, new BlockMaskingOptions());
        var random = new Random(6);
        var fractions = new List<double>();
        for (int i = 0; i < 100; i++)
        {
            var views = masking.Sample(random, batchSize: 2);
            for (int v = 0; v < views.Global.Length; v++)
                for (int s = 0; s < 2; s++)
                {
                    var kept = views.Global[v][s];
                    var mask = views.TokenMask[v][s];
                    Assert.AreEqual(kept.Length, mask.Length);
                    fractions.Add(mask.Count(m => m) / (double)kept.Length);
                    var masked = kept.Where((_, i) => mask[i]).ToArray();
                    Assert.IsTrue(IsBall(masked, within: kept), "the masked tokens form a region inside the view");
                }
        }
        Assert.IsTrue(fractions.All(f => f >= 0.1 - 0.01 && f <= 0.5 + 0.01), $"{fractions.Min()}..{fractions.Max()}");
        Assert.AreEqual(0.3, fractions.Average(), 0.03);
    }

    [TestMethod]
    public void SameSeedSameMasks()
    {
        var masking = new BlockMasking(Hand, new BlockMaskingOptions());
        var a = masking.Sample(new Random(7), 4);
        var b = masking.Sample(new Random(7), 4);
        for (int v = 0; v < 2; v++)
            for (int s = 0; s < 4; s++)
            {
                CollectionAssert.AreEqual(a.Global[v][s], b.Global[v][s]);
                CollectionAssert.AreEqual(a.TokenMask[v][s], b.TokenMask[v][s]);
            }
        CollectionAssert.AreEqual(a.Local[7][3], b.Local[7][3]);
    }

    [TestMethod]
    public void AViewHidesADroppedTaxelInEveryFrame()
    {
        // Masks are over the taxel index: whatever a dropped taxel reads in any of the 10 frames, the view's
        // tokens are the same.
        torch.random.manual_seed(1);
        using var encoder = new SparshSkinEncoder(SparshSkinEncoderConfig.ForSize(SparshSkinEncoderSize.Micro));
        encoder.eval();
        using var scope = NewDisposeScope();
        var block = new BlockMasking(Hand, new BlockMaskingOptions()).Block(new Random(8), 100);
        var keep = torch.tensor(block.Select(t => (long)t).ToArray()).unsqueeze(0);
        var windows = torch.randn(1, 10, 368, 6);
        int dropped = Enumerable.Range(0, 368).First(t => !block.Contains(t));
        var changed = windows.clone();
        changed[0, .., dropped] = torch.randn(10, 6) * 50;
        Assert.IsTrue(encoder.Encode(windows, keep).Tokens.allclose(encoder.Encode(changed, keep).Tokens));
        var changedKept = windows.clone();
        changedKept[0, 9, block[0]] = torch.randn(6) * 50;
        Assert.IsFalse(encoder.Encode(windows, keep).Tokens.allclose(encoder.Encode(changedKept, keep).Tokens));
    }

    // A region "grown from a seed by nearest neighbours": some member is at least as close (at rest) to every
    // other member as to every candidate that was left out.
    private static bool IsBall(int[] block, int[]? within = null)
    {
        var members = new HashSet<int>(block);
        var candidates = within ?? Enumerable.Range(0, Hand.TaxelCount).ToArray();
        foreach (int seed in block)
        {
            float inside = block.Max(t => Hand.Distance(seed, t));
            float outside = candidates.Where(t => !members.Contains(t)).Select(t => Hand.Distance(seed, t)).DefaultIfEmpty(float.MaxValue).Min();
            if (inside <= outside + 1e-7f) return true;
        }
        return false;
    }
}

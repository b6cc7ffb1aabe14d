namespace Sparsh.Transforms.Tests.Core;

/// <summary>
/// The one seed mixer serves the simulator and the pretrainer; both were recorded with fixed seeds (simulated data sets,
/// pretraining loss curves), so its numbers must not move. The expected values are the two former private copies' outputs.
/// </summary>
[TestClass]
public sealed class SeedMixerTests
{
    [TestMethod]
    [DataRow(1, 1L, 486982573)]
    [DataRow(5, 100L, 1753629088)]
    [DataRow(-3, 20L, 913717277)]
    [DataRow(42, -1L, 1433625962)]
    public void StreamSeedsAreTheSimulatorsRecordedOnes(int seed, long stream, int expected)
        => Assert.AreEqual(expected, SeedMixer.Derive(seed, stream));

    [TestMethod]
    [DataRow(1, 0L, 0x0E90C4, 1967643163)]
    [DataRow(7, 12L, 0x70C4, 1668151321)]
    [DataRow(1, -1L, 0x7A11D, 2037391998)]
    [DataRow(-2, 3L, 0x3A5C, 141017057)]
    public void StepSeedsAreThePretrainersRecordedOnes(int seed, long step, int salt, int expected)
        => Assert.AreEqual(expected, SeedMixer.Derive(seed, step, salt));

    [TestMethod]
    public void NeighbouringStreamsGetUnrelatedNonNegativeSeeds()
    {
        var seeds = Enumerable.Range(0, 1000).Select(k => SeedMixer.Derive(7, k)).ToList();
        Assert.AreEqual(seeds.Count, seeds.Distinct().Count(), "1000 streams of one seed collide");
        Assert.IsTrue(seeds.All(s => s >= 0));
        // Consecutive streams must not give consecutive seeds (System.Random seeded with n and n + 1 correlates).
        Assert.IsFalse(seeds.Zip(seeds.Skip(1)).Any(p => Math.Abs((long)p.Second - p.First) < 1000));
    }
}

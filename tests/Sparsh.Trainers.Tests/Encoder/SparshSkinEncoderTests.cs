using Sparsh.Trainers.Encoder;
using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Tests.Encoder;

[TestClass]
public sealed class SparshSkinEncoderTests
{
    private static readonly SparshSkinEncoderConfig Micro = SparshSkinEncoderConfig.ForSize(SparshSkinEncoderSize.Micro);

    private static SparshSkinEncoder Build(int seed, SparshSkinEncoderConfig? config = null)
    {
        torch.set_num_threads(2);
        torch.random.manual_seed(seed);
        var encoder = new SparshSkinEncoder(config ?? Micro);
        encoder.eval();
        return encoder;
    }

    private static bool Same(Tensor a, Tensor b) => a.eq(b).all().item<bool>();

    private static float MaxDifference(Tensor a, Tensor b) => (a - b).abs().max().item<float>();

    private static Tensor RandomWindows(int batch, int seed)
    {
        torch.random.manual_seed(seed);
        return torch.randn(batch, 10, 368, 6);
    }

    [TestMethod]
    public void SizesFollowTheReferenceTable()
    {
        var expected = new Dictionary<SparshSkinEncoderSize, (int Dim, int Depth, int Heads)>
        {
            [SparshSkinEncoderSize.Micro] = (32, 2, 2),
            [SparshSkinEncoderSize.Tinier] = (96, 8, 3),
            [SparshSkinEncoderSize.Tiny] = (192, 8, 3),
            [SparshSkinEncoderSize.Small] = (384, 12, 6),
            [SparshSkinEncoderSize.Base] = (768, 12, 12),
        };
        foreach (var (size, (dim, depth, heads)) in expected)
        {
            var config = SparshSkinEncoderConfig.ForSize(size);
            Assert.AreEqual((dim, depth, heads), (config.EmbeddingDim, config.Depth, config.Heads), size.ToString());
            Assert.AreEqual(1e-6, config.LayerNormEpsilon);
            Assert.AreEqual(4.0, config.MlpRatio);
            Assert.AreEqual(368, config.TaxelCount);
            Assert.AreEqual(369, config.TokenCount);
            Assert.AreEqual(60, config.TokenInputWidth);
        }
        // Curved fingertips (30 x 4), 4x4 patches (16 x 11), palm (24 x 3).
        var types = Micro.TaxelTypes;
        Assert.AreEqual(120, types.Count(t => t == 0));
        Assert.AreEqual(176, types.Count(t => t == 1));
        Assert.AreEqual(72, types.Count(t => t == 2));
    }

    [TestMethod]
    public void ParameterCountMatchesTheArchitecture()
    {
        using var encoder = Build(1);
        long count = encoder.parameters().Sum(p => p.numel());
        int d = 32, hidden = 128;
        long block = 2 * 2 * d + (d * 3 * d + 3 * d) + (d * d + d) + (d * hidden + hidden) + (hidden * d + d);
        long expected = (60 * d + d) + 3 * d + 368 * d + d + d + 2 * block + 2 * d;
        Assert.AreEqual(expected, count);
    }

    [TestMethod]
    public void OutputsGlobalTokenAndOneTokenPerTaxel()
    {
        using var encoder = Build(1);
        using var scope = NewDisposeScope();
        var windows = RandomWindows(3, 2);
        var all = encoder.forward(windows);
        CollectionAssert.AreEqual(new long[] { 3, 369, 32 }, all.shape);
        var output = encoder.Encode(windows);
        CollectionAssert.AreEqual(new long[] { 3, 32 }, output.Register.shape);
        CollectionAssert.AreEqual(new long[] { 3, 368, 32 }, output.Tokens.shape);
        Assert.IsTrue(all[.., 0].allclose(output.Register));
        // Final LayerNorm (unit gain at init): each token has mean 0 and variance 1 over its channels.
        Assert.AreEqual(0, output.Tokens.mean([-1]).abs().max().item<float>(), 1e-4);
        Assert.AreEqual(1, output.Tokens.var([-1], unbiased: false).mean().item<float>(), 1e-2);
    }

    [TestMethod]
    public void SameSeedSameWeightsAndOutputs()
    {
        using var a = Build(5);
        using var b = Build(5);
        using var c = Build(6);
        using var scope = NewDisposeScope();
        var windows = RandomWindows(2, 3);
        Assert.IsTrue(Same(a.forward(windows), b.forward(windows)));
        Assert.IsTrue(MaxDifference(a.forward(windows), c.forward(windows)) > 1e-3);
    }

    [TestMethod]
    public void InvalidTaxelsAreHiddenFromAttention()
    {
        using var encoder = Build(1);
        using var scope = NewDisposeScope();
        var windows = RandomWindows(2, 4);
        var validity = torch.ones(2, 368, dtype: ScalarType.Bool);
        int[] invalid = [0, 17, 200, 367];
        foreach (int t in invalid) validity[.., t] = torch.tensor(false);
        var masked = encoder.Encode(windows, validity: validity);

        // Hiding a taxel from attention = dropping its token: compare with a view that keeps only the valid taxels.
        var keptIndices = Enumerable.Range(0, 368).Where(t => !invalid.Contains(t)).Select(t => (long)t).ToArray();
        var keep = torch.tensor(keptIndices).unsqueeze(0).expand(2, -1).contiguous();
        var dropped = encoder.Encode(windows, keep);
        Assert.IsTrue(masked.Register.allclose(dropped.Register, rtol: 1e-4, atol: 1e-5));
        Assert.IsTrue(masked.Tokens.index_select(1, keep[0]).allclose(dropped.Tokens, rtol: 1e-4, atol: 1e-5));

        // Whatever an invalid taxel reads, the valid tokens do not change.
        var changed = windows.clone();
        changed[.., .., 17] = torch.full(2, 10, 6, 100f);
        var again = encoder.Encode(changed, validity: validity);
        Assert.IsTrue(masked.Register.allclose(again.Register, rtol: 1e-5, atol: 1e-6));
        Assert.IsTrue(MaxDifference(encoder.Encode(changed).Register, encoder.Encode(windows).Register) > 1e-3);
    }

    [TestMethod]
    public void MaskTokenReplacesTheTaxelSeriesNotItsPlace()
    {
        using var encoder = Build(1);
        using var scope = NewDisposeScope();
        var windows = RandomWindows(1, 5);
        var keep = torch.arange(0, 40, dtype: ScalarType.Int64).unsqueeze(0);
        var tokenMask = torch.zeros(1, 40, dtype: ScalarType.Bool);
        tokenMask[0, 3] = torch.tensor(true);
        var a = encoder.Encode(windows, keep, tokenMask: tokenMask);
        var changed = windows.clone();
        changed[0, .., 3] = torch.randn(10, 6);
        var b = encoder.Encode(changed, keep, tokenMask: tokenMask);
        // The masked taxel's own values are never seen.
        Assert.IsTrue(a.Tokens.allclose(b.Tokens, rtol: 1e-5, atol: 1e-6));
        Assert.IsTrue(MaxDifference(a.Tokens, encoder.Encode(windows, keep).Tokens) > 1e-3);
    }

    [TestMethod]
    public void DropPathIsActiveOnlyInTraining()
    {
        using var encoder = Build(1, Micro with { DropPathRate = 0.5 });
        using var scope = NewDisposeScope();
        var windows = RandomWindows(4, 6);
        var evalA = encoder.forward(windows);
        var evalB = encoder.forward(windows);
        Assert.IsTrue(Same(evalA, evalB));
        encoder.train();
        torch.random.manual_seed(1);
        var trainA = encoder.forward(windows);
        torch.random.manual_seed(2);
        var trainB = encoder.forward(windows);
        Assert.IsTrue(MaxDifference(trainA, trainB) > 1e-3);
    }

    [TestMethod]
    public void TruncatedNormalHasTheRequestedSpreadAndBounds()
    {
        torch.random.manual_seed(3);
        using var t = torch.empty(200_000);
        Sparsh.Trainers.Layers.WeightInit.TruncatedNormal(t, 0.02);
        // N(0, 1) truncated at +-2 has standard deviation 0.8796.
        Assert.AreEqual(0.02 * 0.8796, t.std().item<float>(), 2e-4);
        Assert.AreEqual(0, t.mean().item<float>(), 2e-4);
        Assert.IsTrue(t.abs().max().item<float>() <= 0.04f);
    }
}

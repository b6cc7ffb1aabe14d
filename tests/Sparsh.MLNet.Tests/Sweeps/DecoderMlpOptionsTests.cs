using Sparsh.Trainers.Decoders;
using TorchSharp;

namespace Sparsh.MLNet.Tests.Sweeps;

/// <summary>The two decoder options the sweep varies (HiddenWidth, MlpDepth) keep the default decoder exactly as it was.</summary>
[TestClass]
public sealed class DecoderMlpOptionsTests
{
    [TestMethod]
    public void DefaultsKeepTheQuarterWidthSingleHiddenLayerAndDeeperMlpsAddLayers()
    {
        using var standard = new InstantaneousDecoder(dim: 16, heads: 2, outputs: 3);
        var shapes = standard.named_parameters().ToDictionary(p => p.name, p => p.parameter.shape);
        CollectionAssert.AreEqual(new long[] { 4, 16 }, shapes["hidden.weight"]);
        CollectionAssert.AreEqual(new long[] { 3, 4 }, shapes["head.weight"]);
        Assert.IsFalse(shapes.Keys.Any(k => k.StartsWith("deeper", StringComparison.Ordinal)), "no extra parameters by default");

        using var deep = new InstantaneousDecoder(dim: 16, heads: 2, outputs: 3, hiddenWidth: 5, mlpDepth: 3);
        var deepShapes = deep.named_parameters().ToDictionary(p => p.name, p => p.parameter.shape);
        CollectionAssert.AreEqual(new long[] { 5, 16 }, deepShapes["hidden.weight"]);
        CollectionAssert.AreEqual(new long[] { 5, 5 }, deepShapes["deeper.0.weight"]);
        CollectionAssert.AreEqual(new long[] { 5, 5 }, deepShapes["deeper.1.weight"]);
        CollectionAssert.AreEqual(new long[] { 3, 5 }, deepShapes["head.weight"]);
        using var output = deep.forward(torch.randn(2, 7, 16), null);
        CollectionAssert.AreEqual(new long[] { 2, 3 }, output.shape);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new InstantaneousDecoder(16, 2, 3, mlpDepth: 0));
    }
}

using Sparsh.Trainers.Decoders;
using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Tests.Decoders;

[TestClass]
public sealed class DecoderModuleTests
{
    [TestMethod]
    public void PoolerAttendsToEveryValidTokenAndIgnoresMaskedOnes()
    {
        random.manual_seed(3);
        using var pooler = new AttentivePooler(dim: 8, heads: 2);
        pooler.eval();
        using var scope = NewDisposeScope();
        var tokens = randn(1, 6, 8);
        var valid = tensor(new[] { true, true, true, false, true, true }, [1, 6]);
        var baseline = pooler.forward(tokens, valid);

        var changedValid = tokens.clone();
        changedValid[0, 1] = randn(8) * 3;
        Assert.IsGreaterThan(1e-4, (pooler.forward(changedValid, valid) - baseline).abs().max().item<float>(), "a valid token moves the pooled token");

        var changedMasked = tokens.clone();
        changedMasked[0, 3] = randn(8) * 3;
        Assert.AreEqual(0f, (pooler.forward(changedMasked, valid) - baseline).abs().max().item<float>(), "a masked token has no influence");
        CollectionAssert.AreEqual(new long[] { 1, 8 }, baseline.shape);
    }

    [TestMethod]
    public void TemporalDecoderIsCausal()
    {
        random.manual_seed(5);
        using var decoder = new TemporalDecoder(dim: 8, heads: 2, outputs: 3);
        decoder.eval();
        using var scope = NewDisposeScope();
        var tokens = randn(2, 5, 4, 8); // 2 sequences of 5 windows of 4 tokens
        var outputs = decoder.forward(tokens, null);
        CollectionAssert.AreEqual(new long[] { 2, 5, 3 }, outputs.shape);

        var later = tokens.clone();
        later[0, 3] = randn(4, 8) * 3; // change window 3 of sequence 0
        var changed = decoder.forward(later, null);
        var difference = (changed - outputs).abs().amax([2]); // [2, 5]
        for (int step = 0; step < 3; step++)
            Assert.AreEqual(0f, difference[0, step].item<float>(), 1e-6f, $"step {step} cannot see window 3");
        Assert.IsGreaterThan(1e-4f, difference[0, 3].item<float>(), "step 3 sees its own window");
        Assert.IsGreaterThan(1e-4f, difference[0, 4].item<float>(), "step 4 sees the past");
        Assert.AreEqual(0f, difference[1].max().item<float>(), 1e-6f, "other sequences are independent");
    }

    [TestMethod]
    public void OutputActivationsApplyPerOutput()
    {
        using var scope = NewDisposeScope();
        var raw = tensor(new float[] { -1, -1, -1, -1, -1, 2, 2, 2, 2, 2 }, [2, 5]);
        var activated = DecoderHeads.Activate(raw, [OutputActivation.None, OutputActivation.Relu, OutputActivation.Tanh, OutputActivation.Sigmoid, OutputActivation.Softplus]);
        float[] expected = [-1, 0, (float)Math.Tanh(-1), (float)(1 / (1 + Math.E)), (float)Math.Log(1 + Math.Exp(-1)),
            2, 2, (float)Math.Tanh(2), (float)(1 / (1 + Math.Exp(-2))), (float)Math.Log(1 + Math.Exp(2))];
        var actual = activated.data<float>().ToArray();
        for (int i = 0; i < expected.Length; i++) Assert.AreEqual(expected[i], actual[i], 1e-6f, $"element {i}");
    }
}

using Sparsh.Trainers.Decoders;
using Sparsh.Trainers.Layers;
using Sparsh.Trainers.Onnx;
using Sparsh.Transforms.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Tests.Onnx;

/// <summary>TorchSharp eager vs ONNX Runtime for each exported building block and the decoder, on random inputs.</summary>
[TestClass]
public sealed class ModuleExportParityTests
{
    [TestInitialize]
    public void Threads() => torch.set_num_threads(1);

    /// <summary>Moves every parameter off its initial value (biases 0, norms 1) so the export reads real weights.</summary>
    internal static void Randomize(nn.Module module, int seed)
    {
        torch.random.manual_seed(seed);
        using var noGrad = no_grad();
        foreach (var (_, parameter) in module.named_parameters())
            parameter.add_(torch.randn_like(parameter) * 0.2);
    }

    private static byte[] SingleInputModel(string name, long[] shape, Func<OnnxGraphBuilder, string, string> body)
    {
        var graph = new OnnxGraphBuilder(name);
        var dims = shape.Select(d => OnnxDimension.Fixed(d)).ToArray();
        var x = graph.AddInput("x", OnnxElementType.Float, dims);
        graph.AddOutput(body(graph, x), "y", OnnxElementType.Float);
        return graph.ToModelBytes();
    }

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void LinearMatchesTorch(bool bias)
    {
        torch.random.manual_seed(1);
        using var linear = nn.Linear(7, 5, hasBias: bias);
        var x = torch.randn(3, 4, 7);
        var model = SingleInputModel("linear", x.shape, (g, input) => LinearOnnx.AddTo(g, input, new ModuleWeights(linear), ""));
        using var noGrad = no_grad();
        OnnxRun.AssertClose(OnnxTensors.Values(linear.forward(x)), OnnxRun.RunFloats(model, OnnxTensors.Float("x", x))["y"], $"linear (bias {bias})");
    }

    [TestMethod]
    public void LayerNormMatchesTorch()
    {
        using var norm = nn.LayerNorm(16, eps: 1e-6);
        Randomize(norm, 2);
        var x = torch.randn(2, 9, 16) * 3 + 1;
        var model = SingleInputModel("layer_norm", x.shape, (g, input) => LayerNormOnnx.AddTo(g, input, new ModuleWeights(norm), "", 1e-6));
        using var noGrad = no_grad();
        OnnxRun.AssertClose(OnnxTensors.Values(norm.forward(x)), OnnxRun.RunFloats(model, OnnxTensors.Float("x", x))["y"], "layer norm");
    }

    [TestMethod]
    public void GeluIsTheExactErfForm()
    {
        var x = torch.linspace(-8, 8, 4001).reshape(1, 4001);
        var model = SingleInputModel("gelu", x.shape, GeluOnnx.AddTo);
        var actual = OnnxRun.RunFloats(model, OnnxTensors.Float("x", x))["y"];
        OnnxRun.AssertClose(OnnxTensors.Values(nn.functional.gelu(x)), actual, "gelu");
        // The tanh approximation differs by ~1e-4 around |x| = 2; the export must not be it.
        var tanhForm = OnnxTensors.Values(0.5 * x * (1 + torch.tanh(Math.Sqrt(2 / Math.PI) * (x + 0.044715 * x.pow(3)))));
        Assert.IsGreaterThan(1e-5, tanhForm.Zip(actual, (a, b) => Math.Abs(a - b)).Max(), "the graph is not the tanh approximation");
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(3)]
    public void AttentionMatchesScaledDotProductAttentionWithAndWithoutMask(int batch)
    {
        const int heads = 2, queries = 4, keys = 6, headDim = 8;
        torch.random.manual_seed(3 + batch);
        var q = torch.randn(batch, heads, queries, headDim);
        var k = torch.randn(batch, heads, keys, headDim);
        var v = torch.randn(batch, heads, keys, headDim);
        var valid = torch.rand(batch, keys) > 0.4;
        valid[0] = torch.zeros(keys, dtype: ScalarType.Bool); // a window with every key masked: libtorch returns zeros
        if (batch > 1) valid[1] = torch.ones(keys, dtype: ScalarType.Bool);

        foreach (var masked in new[] { false, true })
        {
            var graph = new OnnxGraphBuilder("sdpa");
            OnnxDimension[] qShape = [batch, heads, queries, headDim], kShape = [batch, heads, keys, headDim];
            var qi = graph.AddInput("q", OnnxElementType.Float, qShape);
            var ki = graph.AddInput("k", OnnxElementType.Float, kShape);
            var vi = graph.AddInput("v", OnnxElementType.Float, kShape);
            var mask = masked ? AttentionOnnx.KeyMask(graph, graph.AddInput("valid", OnnxElementType.Bool, batch, keys)) : null;
            graph.AddOutput(AttentionOnnx.ScaledDotProduct(graph, qi, ki, vi, mask, headDim), "y", OnnxElementType.Float);
            List<OnnxRun.Input> inputs = [OnnxTensors.Float("q", q), OnnxTensors.Float("k", k), OnnxTensors.Float("v", v)];
            if (masked) inputs.Add(OnnxTensors.Bool("valid", valid));
            var expected = nn.functional.scaled_dot_product_attention(q, k, v, masked ? valid.view(batch, 1, 1, keys) : null);
            OnnxRun.AssertClose(OnnxTensors.Values(expected), OnnxRun.RunFloats(graph.ToModelBytes(), [.. inputs])["y"], $"attention batch {batch} masked {masked}");
        }
    }

    [TestMethod]
    [DataRow(1, false)]
    [DataRow(1, true)]
    [DataRow(4, false)]
    [DataRow(4, true)]
    public void AttentivePoolerMatchesTorch(int batch, bool masked)
    {
        const int tokens = 11, width = 16;
        torch.random.manual_seed(5);
        var pooler = new AttentivePooler(width, heads: 4);
        Randomize(pooler, 6);
        pooler.eval();
        var x = torch.randn(batch, tokens, width);
        var valid = RandomValidity(batch, tokens, seed: 7);
        if (batch > 2) valid[1] = torch.zeros(tokens, dtype: ScalarType.Bool); // every token invalid: attention contributes zeros
        var model = AttentivePoolerOnnx.Export(pooler, tokens, masked);
        List<OnnxRun.Input> inputs = [OnnxTensors.Float("tokens", x)];
        if (masked) inputs.Add(OnnxTensors.Bool("validity", valid));
        using var noGrad = no_grad();
        OnnxRun.AssertClose(OnnxTensors.Values(pooler.forward(x, masked ? valid : null)), OnnxRun.RunFloats(model, [.. inputs])["pooled"],
            $"pooler batch {batch} masked {masked}");
    }

    [TestMethod]
    [DataRow(1, false)]
    [DataRow(1, true)]
    [DataRow(5, false)]
    [DataRow(5, true)]
    public void InstantaneousDecoderWithActivationsMatchesTorch(int batch, bool masked)
    {
        const int tokens = 13, width = 24;
        torch.random.manual_seed(8);
        var decoder = new InstantaneousDecoder(width, heads: 3, outputs: 5,
            [OutputActivation.None, OutputActivation.Relu, OutputActivation.Tanh, OutputActivation.Sigmoid, OutputActivation.Softplus]);
        Randomize(decoder, 9);
        decoder.eval();
        var x = torch.randn(batch, tokens, width) * 2;
        var valid = RandomValidity(batch, tokens, seed: 10);
        var model = InstantaneousDecoderOnnx.Export(decoder, tokens, masked);
        List<OnnxRun.Input> inputs = [OnnxTensors.Float(InstantaneousDecoderOnnx.TokensInput, x)];
        if (masked) inputs.Add(OnnxTensors.Bool(InstantaneousDecoderOnnx.ValidityInput, valid));
        using var noGrad = no_grad();
        var expected = OnnxTensors.Values(decoder.forward(x, masked ? valid : null));
        var actual = OnnxRun.RunFloats(model, [.. inputs])[InstantaneousDecoderOnnx.ScoreOutput];
        OnnxRun.AssertClose(expected, actual, $"decoder batch {batch} masked {masked}");
        for (var b = 0; b < batch; b++)
        {
            Assert.IsGreaterThanOrEqualTo(0f, actual[b * 5 + 1], "relu output");
            Assert.IsTrue(actual[b * 5 + 2] is >= -1 and <= 1 && actual[b * 5 + 3] is >= 0 and <= 1, "tanh and sigmoid ranges");
            Assert.IsGreaterThan(0f, actual[b * 5 + 4], "softplus output");
        }
    }

    [TestMethod]
    public void DecoderWithOneOutputAndNoActivationMatchesTorch()
    {
        torch.random.manual_seed(11);
        var decoder = new InstantaneousDecoder(8, heads: 2, outputs: 1);
        Randomize(decoder, 12);
        decoder.eval();
        var x = torch.randn(3, 5, 8);
        using var noGrad = no_grad();
        OnnxRun.AssertClose(OnnxTensors.Values(decoder.forward(x, null)),
            OnnxRun.RunFloats(InstantaneousDecoderOnnx.Export(decoder, 5, withValidity: false), OnnxTensors.Float("tokens", x))["score"], "single-output decoder");
    }

    [TestMethod]
    public void DeeperMlpAndOutputScaleMatchTorch()
    {
        torch.random.manual_seed(14);
        var decoder = new InstantaneousDecoder(8, heads: 2, outputs: 2, [OutputActivation.None, OutputActivation.Softplus], hiddenWidth: 6, mlpDepth: 3);
        Randomize(decoder, 15);
        decoder.SetOutputScale([0.01f, 1f]);
        decoder.eval();
        var x = torch.randn(4, 5, 8);
        using var noGrad = no_grad();
        var expected = OnnxTensors.Values(decoder.forward(x, null));
        OnnxRun.AssertClose(expected,
            OnnxRun.RunFloats(InstantaneousDecoderOnnx.Export(decoder, 5, withValidity: false), OnnxTensors.Float("tokens", x))["score"], "deep, scaled decoder");
        Assert.IsLessThan(0.1f, expected.Where((_, i) => i % 2 == 0).Max(Math.Abs), "the first output is scaled to centimetre size");
    }

    [TestMethod]
    public void ExportIsReproducibleByteForByte()
    {
        torch.random.manual_seed(13);
        var decoder = new InstantaneousDecoder(8, heads: 2, outputs: 3, [OutputActivation.Relu, OutputActivation.None, OutputActivation.None]);
        CollectionAssert.AreEqual(InstantaneousDecoderOnnx.Export(decoder, 6, true), InstantaneousDecoderOnnx.Export(decoder, 6, true));
    }

    /// <summary>Random token validity with at least one valid token per window (and one window fully valid).</summary>
    internal static Tensor RandomValidity(int batch, int tokens, int seed)
    {
        torch.random.manual_seed(seed);
        var valid = torch.rand(batch, tokens) > 0.3;
        valid[.., 0] = torch.tensor(true);
        if (batch > 1) valid[batch - 1] = torch.ones(tokens, dtype: ScalarType.Bool);
        return valid;
    }
}

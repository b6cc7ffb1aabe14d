using Sparsh.Trainers.Decoders;
using Sparsh.Trainers.Onnx;
using Sparsh.Trainers.OnnxImport;
using Sparsh.Trainers.Tests.OnnxImport;
using Sparsh.Transforms.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Tests.Onnx;

/// <summary>The temporal decoder over whole sequences: TorchSharp eager vs its standalone ONNX export in ONNX Runtime.</summary>
[TestClass]
public sealed class TemporalDecoderExportParityTests
{
    private const int Width = 16, Tokens = 7, MaxSteps = 8;

    private static TemporalDecoder Build(int seed)
    {
        torch.set_num_threads(1);
        torch.random.manual_seed(seed);
        var decoder = new TemporalDecoder(Width, heads: 4, outputs: 3, [OutputActivation.None, OutputActivation.Tanh, OutputActivation.Softplus]);
        ModuleExportParityTests.Randomize(decoder, seed + 1);
        decoder.SetOutputScale([2.5f, 1f, 0.5f]);
        decoder.eval();
        return decoder;
    }

    [TestMethod]
    [DataRow(1, 1, false)]
    [DataRow(2, 5, false)]
    [DataRow(3, MaxSteps, false)]
    [DataRow(2, 5, true)]
    [DataRow(1, MaxSteps, true)]
    public void SequencesMatchTorch(int batch, int steps, bool withValidity)
    {
        var decoder = Build(90);
        torch.random.manual_seed(91 + steps);
        var tokens = torch.randn(batch, steps, Tokens, Width) * 2;
        Tensor? validity = null;
        if (withValidity)
        {
            validity = torch.rand(batch, steps, Tokens) > 0.3;
            validity[0, 0] = torch.zeros(Tokens, ScalarType.Bool); // a window with no valid token pools to zeros, as in libtorch
        }
        // One model serves every length up to MaxSteps: batch and steps are dynamic.
        var model = TemporalDecoderOnnx.Export(decoder, Tokens, MaxSteps, withValidity);
        float[] expected;
        using (no_grad()) expected = OnnxTensors.Values(decoder.forward(tokens, validity));
        var inputs = new List<OnnxRun.Input> { OnnxTensors.Float(TemporalDecoderOnnx.TokensInput, tokens) };
        if (validity is not null) inputs.Add(OnnxTensors.Bool(TemporalDecoderOnnx.ValidityInput, validity));
        var actual = OnnxRun.RunFloats(model, [.. inputs])[TemporalDecoderOnnx.ScoreOutput];
        Assert.HasCount(batch * steps * 3, actual);
        OnnxRun.AssertClose(expected, actual, $"temporal decoder batch {batch}, {steps} steps, validity {withValidity}");
    }

    [TestMethod]
    public void StepsDependOnlyOnEarlierWindows()
    {
        // Causality in the graph: changing the last window leaves every earlier step's output as it was.
        var decoder = Build(92);
        torch.random.manual_seed(93);
        var tokens = torch.randn(1, 6, Tokens, Width);
        var changed = tokens.clone();
        changed[0, 5] = torch.randn(Tokens, Width);
        var model = TemporalDecoderOnnx.Export(decoder, Tokens, MaxSteps, withValidity: false);
        var before = OnnxRun.RunFloats(model, OnnxTensors.Float(TemporalDecoderOnnx.TokensInput, tokens))[TemporalDecoderOnnx.ScoreOutput];
        var after = OnnxRun.RunFloats(model, OnnxTensors.Float(TemporalDecoderOnnx.TokensInput, changed))[TemporalDecoderOnnx.ScoreOutput];
        CollectionAssert.AreEqual(before[..15], after[..15], "steps 0-4 do not see step 5");
        Assert.IsGreaterThan(1e-4, before.Skip(15).Zip(after.Skip(15), (a, b) => Math.Abs(a - b)).Max(), "step 5 sees its own window");
    }

    [TestMethod]
    public void ExportReadsBackAsTheSameTemporalDecoder()
    {
        var decoder = Build(94);
        using var imported = OnnxModuleImport.ReadTemporalDecoder(OnnxModelContents.Parse(TemporalDecoderOnnx.Export(decoder, Tokens, MaxSteps, withValidity: true), "temporal.onnx"));
        Assert.AreEqual(4, imported.Pooler.Heads);
        CollectionAssert.AreEqual(decoder.Activations.ToArray(), imported.Activations.ToArray());
        ModelZipImportTests.AssertBitIdentical(decoder, imported, "temporal decoder");
    }
}

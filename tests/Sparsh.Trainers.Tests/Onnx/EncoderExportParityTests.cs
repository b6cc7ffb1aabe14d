using Sparsh.Trainers.Encoder;
using Sparsh.Trainers.Onnx;
using Sparsh.Trainers.OnnxImport;
using Sparsh.Transforms.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Tests.Onnx;

/// <summary>The Sparsh-skin encoder in evaluation mode: TorchSharp eager vs its ONNX export in ONNX Runtime.</summary>
[TestClass]
public sealed class EncoderExportParityTests
{
    private static SparshSkinEncoder Build(SparshSkinEncoderConfig config, int seed, bool randomize = true)
    {
        torch.set_num_threads(1);
        torch.random.manual_seed(seed);
        var encoder = new SparshSkinEncoder(config);
        if (randomize) ModuleExportParityTests.Randomize(encoder, seed + 1);
        encoder.eval();
        return encoder;
    }

    private static Tensor Windows(int batch, int seed)
    {
        torch.random.manual_seed(seed);
        return torch.randn(batch, 10, 368, 6);
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    public void MicroEncoderMatchesTorch(int batch)
    {
        var encoder = Build(SparshSkinEncoderConfig.ForSize(SparshSkinEncoderSize.Micro), seed: 20);
        var windows = Windows(batch, seed: 21);
        var model = SparshSkinEncoderOnnx.Export(encoder);
        using var noGrad = no_grad();
        var expected = encoder.forward(windows);
        CollectionAssert.AreEqual(new long[] { batch, 369, 32 }, expected.shape);
        OnnxRun.AssertClose(OnnxTensors.Values(expected), OnnxRun.RunFloats(model, OnnxTensors.Float(SparshSkinEncoderOnnx.WindowsInput, windows))[SparshSkinEncoderOnnx.TokensOutput],
            $"micro encoder batch {batch}");
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(3)]
    public void ValidityMaskAndExtraRegistersMatchEncode(int batch)
    {
        // Two registers (only the first is returned) and taxel validity hiding tokens from attention.
        var config = SparshSkinEncoderConfig.ForSize(SparshSkinEncoderSize.Micro) with { RegisterTokens = 2, EmbeddingDim = 24, Heads = 3, Depth = 1 };
        var encoder = Build(config, seed: 22);
        var windows = Windows(batch, seed: 23);
        var validity = ModuleExportParityTests.RandomValidity(batch, 368, seed: 24);
        if (batch > 1) validity[0] = torch.zeros(368, dtype: ScalarType.Bool); // no valid taxel: only the registers are attended
        var model = SparshSkinEncoderOnnx.Export(encoder, withValidity: true);
        using var noGrad = no_grad();
        var output = encoder.Encode(windows, validity: validity);
        var expected = torch.cat([output.Register.unsqueeze(1), output.Tokens], 1);
        var actual = OnnxRun.RunFloats(model, OnnxTensors.Float(SparshSkinEncoderOnnx.WindowsInput, windows), OnnxTensors.Bool(SparshSkinEncoderOnnx.ValidityInput, validity));
        OnnxRun.AssertClose(OnnxTensors.Values(expected), actual[SparshSkinEncoderOnnx.TokensOutput], $"encoder with validity and 2 registers, batch {batch}");
    }

    [TestMethod]
    public void TokenEmbeddingNormMatchesTorchAndSurvivesTheImport()
    {
        // The reference tokenizer's LayerNorm (set by PyTorch checkpoint import) is in the graph and comes back from it.
        var config = SparshSkinEncoderConfig.ForSize(SparshSkinEncoderSize.Micro) with { TokenEmbeddingNorm = true };
        var encoder = Build(config, seed: 28);
        var windows = Windows(2, seed: 29);
        var model = SparshSkinEncoderOnnx.Export(encoder);
        using var noGrad = no_grad();
        var expected = encoder.forward(windows);
        OnnxRun.AssertClose(OnnxTensors.Values(expected), OnnxRun.RunFloats(model, OnnxTensors.Float(SparshSkinEncoderOnnx.WindowsInput, windows))[SparshSkinEncoderOnnx.TokensOutput],
            "micro encoder with token embedding norm");
        using var imported = OnnxModuleImport.ReadEncoder(OnnxModelContents.Parse(model, "encoder.onnx"));
        Assert.IsTrue(imported.Config.TokenEmbeddingNorm);
        imported.eval();
        Assert.IsTrue(imported.forward(windows).eq(expected).all().item<bool>(), "imported encoder differs");
    }

    [TestMethod]
    public void TinyEncoderMatchesTorch()
    {
        // The released size (dim 192, depth 8, 3 heads) with its initial weights (the scale of trained ones); randomising
        // every weight by 0.2 as the small tests do inflates activations through 8 blocks far beyond a trained model's.
        var encoder = Build(SparshSkinEncoderConfig.ForSize(SparshSkinEncoderSize.Tiny), seed: 25, randomize: false);
        var windows = Windows(1, seed: 26);
        var model = SparshSkinEncoderOnnx.Export(encoder);
        using var noGrad = no_grad();
        OnnxRun.AssertClose(OnnxTensors.Values(encoder.forward(windows)), OnnxRun.RunFloats(model, OnnxTensors.Float(SparshSkinEncoderOnnx.WindowsInput, windows))[SparshSkinEncoderOnnx.TokensOutput],
            "tiny encoder batch 1");
    }

    [TestMethod]
    public void EncoderExportIsReproducibleByteForByte()
    {
        var encoder = Build(SparshSkinEncoderConfig.ForSize(SparshSkinEncoderSize.Micro), seed: 27);
        CollectionAssert.AreEqual(SparshSkinEncoderOnnx.Export(encoder, withValidity: true), SparshSkinEncoderOnnx.Export(encoder, withValidity: true));
    }
}

using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Trainers.Decoders;
using Sparsh.Trainers.Encoder;
using Sparsh.Trainers.Onnx;
using Sparsh.Trainers.OnnxImport;
using Sparsh.Trainers.Tests.Onnx;
using Sparsh.Transforms.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Tests.OnnxImport;

/// <summary>Back from a deployed zip to training: the encoder and decoder rebuilt from the zip's ONNX graphs.</summary>
[TestClass]
public sealed class ModelZipImportTests
{
    [TestInitialize]
    public void Threads() => torch.set_num_threads(1);

    /// <summary>Asserts both modules have the same state-dict keys, shapes and bit patterns.</summary>
    internal static void AssertBitIdentical(nn.Module expected, nn.Module actual, string what)
    {
        var expectedEntries = expected.state_dict();
        var actualEntries = actual.state_dict();
        CollectionAssert.AreEqual(expectedEntries.Keys.ToList(), actualEntries.Keys.ToList(), $"{what}: state-dict keys");
        foreach (var (key, value) in expectedEntries)
        {
            var other = actualEntries[key];
            CollectionAssert.AreEqual(value.shape, other.shape, $"{what}: shape of {key}");
            Assert.AreEqual(value.dtype, other.dtype, $"{what}: dtype of {key}");
            if (value.dtype == ScalarType.Int64)
            {
                CollectionAssert.AreEqual(value.data<long>().ToArray(), other.data<long>().ToArray(), $"{what}: {key}");
                continue;
            }
            var bits = value.detach().contiguous().data<float>().ToArray().Select(BitConverter.SingleToInt32Bits).ToArray();
            var otherBits = other.detach().contiguous().data<float>().ToArray().Select(BitConverter.SingleToInt32Bits).ToArray();
            CollectionAssert.AreEqual(bits, otherBits, $"{what}: {key} differs");
        }
    }

    /// <summary>Every parameter requires gradients, and one AdamW step on a loss through the module moves every parameter that the loss reaches.</summary>
    private static void AssertTrains(nn.Module module, Func<Tensor> loss, IReadOnlyCollection<string> untouched, string what)
    {
        module.train();
        var parameters = module.named_parameters().ToList();
        Assert.IsTrue(parameters.All(p => p.parameter.requires_grad), $"{what}: every parameter requires gradients");
        var before = parameters.ToDictionary(p => p.name, p => p.parameter.detach().clone());
        using var optimizer = optim.AdamW(module.parameters(), lr: 1e-3);
        optimizer.zero_grad();
        loss().backward();
        optimizer.step();
        foreach (var (name, parameter) in parameters)
        {
            bool moved = !before[name].allclose(parameter.detach(), rtol: 0, atol: 0);
            if (untouched.Contains(name)) continue;
            Assert.IsTrue(moved, $"{what}: parameter {name} did not change after one AdamW step");
        }
        module.eval();
    }

    public sealed class Force
    {
        [VectorType(3)] public float[] Score { get; set; } = [];
    }

    [TestMethod]
    public void RawWindowToForceZipGivesBackBitIdenticalTrainableEncoderAndDecoder()
    {
        var mlContext = new MLContext(seed: 1);
        var raw = PredictionChainParityTests.RawWindows(4, seed: 60);
        var windows = PredictionChainParityTests.Labelled(raw, i => [i * 0.3f, 1 - i * 0.2f, 0.3f + i]);
        var data = mlContext.Data.LoadFromEnumerable(windows);
        var (validity, kinematics, normalization, prepared) = PredictionChainParityTests.DataSteps(data);
        var encoderModule = PredictionChainParityTests.MicroEncoder(61);
        var encoder = new SparshSkinEncoderTransformer(encoderModule);
        var encoded = encoder.Transform(prepared);
        var decoder = new AttentivePoolerRegressorEstimator(mlContext, new AttentivePoolerRegressorOptions
        {
            TokensColumnName = encoder.Columns.TokensColumnName, Epochs = 1, BatchSize = 4, ValidationFraction = 0, CpuThreads = 1, Seed = 62,
            OutputActivations = [OutputActivation.None, OutputActivation.Relu, OutputActivation.None], MlpDepth = 2, HiddenWidth = 6,
        }).Fit(encoded);
        ModuleExportParityTests.Randomize(decoder.Decoder, 63);
        decoder.GetOutputSchema(encoded.Schema); // binds the column shapes its saved graph gets
        Assert.IsTrue(decoder.Decoder.OutputScale.Any(s => s != 1f), "the labels give outputs without activation a scale other than 1");

        var chain = new TransformerChain<ITransformer>(validity, kinematics, normalization, encoder, decoder);
        var path = Path.Combine(Path.GetTempPath(), $"sparsh-import-{Guid.NewGuid():N}.zip");
        try
        {
            mlContext.Model.Save(chain, mlContext.Data.LoadFromEnumerable(raw).Schema, path);
            using var importedEncoder = SparshModelZip.ReadEncoder(path);
            using var importedDecoder = SparshModelZip.ReadDecoder(path);

            // Architecture from the graph's metadata, weights from its initializers, bit for bit.
            Assert.AreEqual(encoderModule.Config with { TaxelTypes = [] }, importedEncoder.Config with { TaxelTypes = [] }, "encoder configuration");
            CollectionAssert.AreEqual(encoderModule.Config.TaxelTypes, importedEncoder.Config.TaxelTypes, "taxel types");
            Assert.AreEqual(2, importedDecoder.MlpDepth);
            CollectionAssert.AreEqual(decoder.Decoder.Activations.ToArray(), importedDecoder.Activations.ToArray(), "activations");
            AssertBitIdentical(encoderModule, importedEncoder, "encoder");
            AssertBitIdentical(decoder.Decoder, importedDecoder, "decoder");

            // Identical modules compute identical outputs.
            torch.random.manual_seed(64);
            var batch = torch.randn(2, 10, 368, 6);
            var valid = torch.rand(2, 368) > 0.1;
            using (no_grad())
            {
                var tokens = encoderModule.forward(batch);
                CollectionAssert.AreEqual(OnnxTensors.Values(tokens), OnnxTensors.Values(importedEncoder.forward(batch)), "encoder tokens");
                var masked = encoderModule.Encode(batch, validity: valid);
                CollectionAssert.AreEqual(OnnxTensors.Values(masked.Tokens), OnnxTensors.Values(importedEncoder.Encode(batch, validity: valid).Tokens), "encoder tokens with validity");
                CollectionAssert.AreEqual(OnnxTensors.Values(decoder.Decoder.forward(tokens, null)), OnnxTensors.Values(importedDecoder.forward(tokens, null)), "decoder outputs");
            }

            // Trainable: gradients reach every parameter the loss depends on, and AdamW moves them. The mask token only
            // enters masked pretraining, so a plain forward pass leaves it alone.
            AssertTrains(importedEncoder, () => importedEncoder.forward(batch).square().mean(), ["mask_token"], "imported encoder");
            AssertTrains(importedDecoder, () => importedDecoder.forward(torch.randn(3, 369, 32), null).square().mean(), [], "imported decoder");
            Assert.IsFalse(encoderModule.state_dict()["pos_embed"].allclose(importedEncoder.state_dict()["pos_embed"], rtol: 0, atol: 0), "training the import leaves the original alone");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void ArchitectureOtherThanTheDefaultsComesBackFromTheStandaloneExports()
    {
        torch.random.manual_seed(70);
        var config = new SparshSkinEncoderConfig { EmbeddingDim = 24, Depth = 3, Heads = 4, MlpRatio = 2, RegisterTokens = 3, DropPathRate = 0.2, LayerNormEpsilon = 1e-5 };
        using var encoder = new SparshSkinEncoder(config);
        ModuleExportParityTests.Randomize(encoder, 71);
        using var imported = OnnxModuleImport.ReadEncoder(OnnxModelContents.Parse(SparshSkinEncoderOnnx.Export(encoder, withValidity: true), "encoder.onnx"));
        Assert.AreEqual(config with { TaxelTypes = [] }, imported.Config with { TaxelTypes = [] });
        AssertBitIdentical(encoder, imported, "encoder with 3 registers");

        using var decoder = new InstantaneousDecoder(24, heads: 3, outputs: 4, [OutputActivation.Tanh, OutputActivation.None, OutputActivation.Softplus, OutputActivation.Sigmoid], hiddenWidth: 5, mlpDepth: 3);
        ModuleExportParityTests.Randomize(decoder, 72);
        decoder.SetOutputScale([2f, 0.5f, 1f, 3f]);
        using var importedDecoder = OnnxModuleImport.ReadDecoder(OnnxModelContents.Parse(InstantaneousDecoderOnnx.Export(decoder, tokens: 7, withValidity: false), "decoder.onnx"));
        Assert.AreEqual(3, importedDecoder.Pooler.Heads);
        CollectionAssert.AreEqual(new[] { 2f, 0.5f, 1f, 3f }, importedDecoder.OutputScale);
        AssertBitIdentical(decoder, importedDecoder, "decoder with 3 MLP layers");
    }

    [TestMethod]
    public void ZipWithoutAnEncoderSaysWhichFileAndWhatIsMissing()
    {
        // A zip of the data steps alone: valid ML.NET, ONNX inside, but no encoder graph.
        var mlContext = new MLContext(seed: 1);
        var raw = mlContext.Data.LoadFromEnumerable(PredictionChainParityTests.RawWindows(2, seed: 65));
        var (validity, kinematics, normalization, _) = PredictionChainParityTests.DataSteps(raw);
        var path = Path.Combine(Path.GetTempPath(), $"sparsh-no-encoder-{Guid.NewGuid():N}.zip");
        var notAZip = Path.Combine(Path.GetTempPath(), $"sparsh-not-a-zip-{Guid.NewGuid():N}.zip");
        try
        {
            mlContext.Model.Save(new TransformerChain<ITransformer>(validity, kinematics, normalization), raw.Schema, path);
            var error = Assert.ThrowsExactly<InvalidDataException>(() => SparshModelZip.ReadEncoder(path));
            StringAssert.Contains(error.Message, path);
            StringAssert.Contains(error.Message, "holds no Sparsh-skin encoder graph");
            StringAssert.Contains(error.Message, "none of its 3 ONNX models");
            StringAssert.Contains(error.Message, OnnxParameters.ConfigKey(OnnxParameters.EncoderOwner));
            StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => SparshModelZip.ReadDecoder(path)).Message, "holds no instantaneous decoder graph");

            File.WriteAllText(notAZip, "not a zip");
            error = Assert.ThrowsExactly<InvalidDataException>(() => SparshModelZip.ReadEncoder(notAZip));
            StringAssert.Contains(error.Message, $"'{notAZip}' is not a readable ML.NET model zip");
            Assert.ThrowsExactly<FileNotFoundException>(() => SparshModelZip.ReadEncoder(notAZip + ".missing"));
        }
        finally
        {
            File.Delete(path);
            File.Delete(notAZip);
        }
    }

    [TestMethod]
    public void WeightsThatDoNotMatchTheStoredArchitectureAreRejected()
    {
        // A graph whose configuration claims a deeper MLP than its weights hold: the import names the missing entry.
        torch.random.manual_seed(73);
        using var decoder = new InstantaneousDecoder(16, heads: 2, outputs: 2);
        var model = OnnxModelContents.Parse(InstantaneousDecoderOnnx.Export(decoder, tokens: 5, withValidity: false), "decoder.onnx");
        using var deeper = new InstantaneousDecoder(16, heads: 2, outputs: 2, mlpDepth: 2);
        var error = Assert.ThrowsExactly<InvalidDataException>(() => OnnxModuleImport.LoadWeights(deeper, model, OnnxParameters.DecoderOwner));
        StringAssert.Contains(error.Message, "decoder.onnx has no weights for decoder entry 'deeper.0.weight'");

        using var shallow = new InstantaneousDecoder(16, heads: 2, outputs: 2);
        var deepModel = OnnxModelContents.Parse(InstantaneousDecoderOnnx.Export(deeper, tokens: 5, withValidity: false), "deep.onnx");
        error = Assert.ThrowsExactly<InvalidDataException>(() => OnnxModuleImport.LoadWeights(shallow, deepModel, OnnxParameters.DecoderOwner));
        StringAssert.Contains(error.Message, "decoder.deeper.0.weight^T");
    }
}

using System.IO.Compression;
using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Trainers.Decoders;
using Sparsh.Trainers.OnnxImport;
using Sparsh.Trainers.Tests.OnnxImport;
using Sparsh.Transforms.Xela;
using TorchSharp;

namespace Sparsh.Trainers.Tests.Onnx;

/// <summary>FineTune and EndToEnd decoders, which carry their own encoder, save as one ONNX graph and score the same after loading.</summary>
[TestClass]
public sealed class EncoderDecoderPersistenceTests
{
    [TestMethod]
    [DataRow(DecoderMode.FineTune)]
    [DataRow(DecoderMode.EndToEnd)]
    public void RawWindowChainEndingInADecoderWithItsOwnEncoderScoresTheSameAfterSaveAndLoad(DecoderMode mode)
    {
        torch.set_num_threads(1);
        var mlContext = new MLContext(seed: 1);
        var raw = PredictionChainParityTests.RawWindows(4, seed: 80);
        var windows = PredictionChainParityTests.Labelled(raw, i => [i * 0.4f, 1 - i * 0.2f, 0.5f + i]);
        var data = mlContext.Data.LoadFromEnumerable(windows);
        var (validity, kinematics, normalization, prepared) = PredictionChainParityTests.DataSteps(data);
        var decoder = new AttentivePoolerRegressorEstimator(mlContext, new AttentivePoolerRegressorOptions
        {
            Mode = mode, Encoder = mode == DecoderMode.FineTune ? PredictionChainParityTests.MicroEncoder(81) : null,
            Epochs = 1, BatchSize = 2, ValidationFraction = 0, CpuThreads = 1, Seed = 82, LearningRate = 1e-3,
            OutputActivations = [OutputActivation.None, OutputActivation.Softplus, OutputActivation.None],
        }).Fit(prepared);
        // Taxels invalid in some frame are hidden from the encoder and the pooler: the raw windows have some.
        var expected = PredictionChainParityTests.Column(decoder.Transform(prepared), XelaColumnNames.Score);

        var chain = new TransformerChain<ITransformer>(validity, kinematics, normalization, decoder);
        var path = Path.Combine(Path.GetTempPath(), $"sparsh-{mode}-{Guid.NewGuid():N}.zip");
        try
        {
            mlContext.Model.Save(chain, mlContext.Data.LoadFromEnumerable(raw).Schema, path);
            using (var zip = ZipFile.OpenRead(path))
                Assert.AreEqual(4, zip.Entries.Count(e => e.Name == "OnnxModel"), "three data steps and one graph of encoder and decoder");

            var loaded = new MLContext(seed: 2).Model.Load(path, out var inputSchema);
            Assert.IsFalse(((IEnumerable<ITransformer>)loaded).Any(t => t.GetType().Assembly.GetName().Name!.StartsWith("Sparsh", StringComparison.Ordinal)),
                "the loaded chain holds only ML.NET transformers");
            var actualView = loaded.Transform(data);
            Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 3), actualView.Schema[XelaColumnNames.Score].Type, "Score keeps its type and size");
            OnnxRun.AssertClose(expected, PredictionChainParityTests.Column(actualView, XelaColumnNames.Score), $"{mode} zip vs in-memory chain, 4 windows");

            var engine = mlContext.Model.CreatePredictionEngine<PredictionChainParityTests.RawWindow, PredictionChainParityTests.Force>(loaded, inputSchema);
            OnnxRun.AssertClose(expected.AsSpan(3, 3), engine.Predict(raw[1]).Score, $"{mode} prediction engine, raw window -> force");

            // The same zip leads back to training: the trained encoder and decoder, bit for bit.
            using var encoder = SparshModelZip.ReadEncoder(path);
            using var readDecoder = SparshModelZip.ReadDecoder(path);
            ModelZipImportTests.AssertBitIdentical(decoder.Encoder!, encoder, $"{mode} encoder");
            ModelZipImportTests.AssertBitIdentical(decoder.Decoder, readDecoder, $"{mode} decoder");
        }
        finally
        {
            File.Delete(path);
        }
    }
}

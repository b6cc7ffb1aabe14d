using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Scoring.ModelFiles;
using Sparsh.Trainers.Decoders;
using Sparsh.Trainers.Encoder;
using Sparsh.Trainers.Onnx;
using Sparsh.Transforms.Xela;

namespace Sparsh.Trainers.Tests.Onnx;

/// <summary>
/// A window the encoder cannot read (every taxel invalid, or a NaN joint angle) scores NaN, never the decoder's bias as a
/// confident force: in a saved raw-window-to-force zip and in the one-graph chain, for Frozen and FineTune. In memory the
/// all-invalid window scores NaN too, and the NaN angle is an error of the kinematics step naming the joint.
/// </summary>
[TestClass]
public sealed class UnreadableWindowTests
{
    private const int Frames = 10;

    private static PredictionChainParityTests.RawWindow[] HostileWindows()
    {
        var windows = PredictionChainParityTests.RawWindows(3, seed: 70);
        Array.Fill(windows[1].Magnetic, 5f);         // every count below the valid range: no valid taxel
        windows[2].JointAngles[4 * XelaSkin.JointCount + 7] = float.NaN; // one joint angle of one frame
        return windows;
    }

    private static void AssertReadableOnlyFirst(float[] scores, int outputs, string what)
    {
        Assert.IsTrue(scores.Take(outputs).All(float.IsFinite), $"{what}: the healthy window scores a number");
        Assert.IsTrue(scores.Skip(outputs).All(float.IsNaN), $"{what}: unreadable windows score NaN, got {string.Join(", ", scores.Skip(outputs))}");
    }

    [TestMethod]
    public void CanEncodeNeedsFiniteValuesAndOneValidTaxel()
    {
        float[] window = [1f, 2f, 3f];
        Assert.IsTrue(EncoderInput.CanEncode(window, []));
        Assert.IsTrue(EncoderInput.CanEncode(window, [false, true]));
        Assert.IsFalse(EncoderInput.CanEncode(window, [false, false]));
        Assert.IsFalse(EncoderInput.CanEncode([1f, float.PositiveInfinity], []));
        Assert.IsFalse(EncoderInput.CanEncode([float.NaN], [true]));
    }

    [TestMethod]
    public void FrozenChainScoresNaNInMemoryInTheZipAndInOneGraph()
    {
        var mlContext = new MLContext(seed: 1);
        var clean = PredictionChainParityTests.Labelled(PredictionChainParityTests.RawWindows(4, seed: 71), i => [i * 0.1f, 0.5f, 0.2f]);
        var (validity, kinematics, normalization, prepared) = PredictionChainParityTests.DataSteps(mlContext.Data.LoadFromEnumerable(clean));
        using var encoder = new SparshSkinEncoderTransformer(PredictionChainParityTests.MicroEncoder(72));
        var decoder = new AttentivePoolerRegressorEstimator(mlContext, new AttentivePoolerRegressorOptions
        {
            TokensColumnName = encoder.Columns.TokensColumnName, Epochs = 1, BatchSize = 4, ValidationFraction = 0, CpuThreads = 1, Seed = 73,
        }).Fit(encoder.Transform(prepared));
        var chain = new TransformerChain<ITransformer>(validity, kinematics, normalization, encoder, decoder);

        var hostile = HostileWindows();
        var data = mlContext.Data.LoadFromEnumerable(hostile);
        var firstTwo = mlContext.Data.TakeRows(data, 2);
        var inMemory = PredictionChainParityTests.Column(chain.Transform(firstTwo), XelaColumnNames.Score);
        AssertReadableOnlyFirst(inMemory, 3, "in memory");
        var embeddings = PredictionChainParityTests.Column(encoder.Transform(normalization.Transform(kinematics.Transform(validity.Transform(firstTwo)))), encoder.Columns.EmbeddingColumnName);
        AssertReadableOnlyFirst(embeddings, encoder.Config.EmbeddingDim, "encoder embeddings");
        var angleError = Assert.ThrowsExactly<ArgumentException>(() => PredictionChainParityTests.Column(chain.Transform(data), XelaColumnNames.Score));
        StringAssert.Contains(angleError.Message, "joint_7");

        var path = Path.Combine(Path.GetTempPath(), $"sparsh-unreadable-{Guid.NewGuid():N}.zip");
        try
        {
            mlContext.Model.Save(chain, data.Schema, path);
            var loaded = ModelZip.Load(new MLContext(seed: 2), path, out _);
            var fromZip = PredictionChainParityTests.Column(loaded.Transform(data), XelaColumnNames.Score);
            AssertReadableOnlyFirst(fromZip, 3, "saved zip");
            OnnxRun.AssertClose(inMemory.AsSpan(0, 3), fromZip.AsSpan(0, 3), "healthy window, zip vs memory");
            (loaded as IDisposable)?.Dispose();
        }
        finally
        {
            File.Delete(path);
        }

        var oneGraph = OnnxRun.RunFloats(PredictionChainOnnx.Export(validity, kinematics, normalization, encoder, decoder),
            new OnnxRun.Input(XelaColumnNames.Magnetic, hostile.SelectMany(w => w.Magnetic).ToArray(), [hostile.Length, Frames, XelaSkin.TaxelCount, XelaSkin.AxisCount]),
            new OnnxRun.Input(XelaColumnNames.JointAngles, hostile.SelectMany(w => w.JointAngles).ToArray(), [hostile.Length, Frames, XelaSkin.JointCount]))[PredictionChainOnnx.ScoreOutput];
        AssertReadableOnlyFirst(oneGraph, 3, "one-graph chain");
        OnnxRun.AssertClose(inMemory.AsSpan(0, 3), oneGraph.AsSpan(0, 3), "healthy window, one graph vs memory");
    }

    [TestMethod]
    public void FineTunedDecoderScoresNaNInMemoryAndInItsRowGraph()
    {
        var mlContext = new MLContext(seed: 1);
        var clean = PredictionChainParityTests.Labelled(PredictionChainParityTests.RawWindows(4, seed: 74), i => [i * 0.1f, 0.5f, 0.2f]);
        var (validity, kinematics, normalization, prepared) = PredictionChainParityTests.DataSteps(mlContext.Data.LoadFromEnumerable(clean));
        using var pretrained = PredictionChainParityTests.MicroEncoder(75);
        var decoder = new AttentivePoolerRegressorEstimator(mlContext, new AttentivePoolerRegressorOptions
        {
            Mode = DecoderMode.FineTune, Encoder = pretrained, Epochs = 1, BatchSize = 4, ValidationFraction = 0, CpuThreads = 1, Seed = 76,
        }).Fit(prepared);

        var data = mlContext.Data.LoadFromEnumerable(HostileWindows().Take(2));
        var windows = normalization.Transform(kinematics.Transform(validity.Transform(data)));
        var inMemory = PredictionChainParityTests.Column(decoder.Transform(windows), XelaColumnNames.Score);
        AssertReadableOnlyFirst(inMemory, 3, "fine-tuned, in memory");

        var (model, inputs, outputs) = EncoderDecoderOnnx.ExportForRow(decoder, windows.Schema);
        using var stream = new MemoryStream(model);
        var onnx = mlContext.Transforms.ApplyOnnxModel([.. outputs], [.. inputs], stream).Fit(windows);
        var fromGraph = PredictionChainParityTests.Column(onnx.Transform(windows), XelaColumnNames.Score);
        AssertReadableOnlyFirst(fromGraph, 3, "fine-tuned, row graph");
        OnnxRun.AssertClose(inMemory.AsSpan(0, 3), fromGraph.AsSpan(0, 3), "healthy window, row graph vs memory");
        (onnx as IDisposable)?.Dispose();
    }
}

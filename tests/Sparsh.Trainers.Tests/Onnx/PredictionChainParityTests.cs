using System.IO.Compression;
using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Trainers.Decoders;
using Sparsh.Trainers.Encoder;
using Sparsh.Trainers.Onnx;
using Sparsh.Transforms.Hand;
using Sparsh.Transforms.Kinematics;
using Sparsh.Transforms.Normalization;
using Sparsh.Transforms.Preprocessing;
using Sparsh.Transforms.Validity;
using Sparsh.Transforms.Xela;
using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Tests.Onnx;

/// <summary>Raw window to force as one ONNX graph vs the C# data steps followed by the TorchSharp encoder and decoder.</summary>
[TestClass]
public sealed class PredictionChainParityTests
{
    private const int Frames = 10;

    public sealed class RawWindow
    {
        [VectorType(Frames, XelaSkin.TaxelCount, XelaSkin.AxisCount)] public float[] Magnetic { get; set; } = [];
        [VectorType(Frames, XelaSkin.JointCount)] public float[] JointAngles { get; set; } = [];
    }

    /// <summary>Counts around rest with out-of-range, NaN and infinite readings; angles within and a little beyond the limits.</summary>
    internal static RawWindow[] RawWindows(int count, int seed)
    {
        var random = new Random(seed);
        var hand = HandModel.AllegroXela;
        var windows = new RawWindow[count];
        for (var w = 0; w < count; w++)
        {
            var counts = new float[Frames * XelaSkin.ValuesPerFrame];
            for (var i = 0; i < counts.Length; i++) counts[i] = 30000f + MathF.Round((float)random.NextDouble() * 4000f - 2000f);
            float[] invalid = [float.NaN, 5f, 70000f, float.PositiveInfinity];
            for (var k = 0; k < 40; k++) counts[random.Next(counts.Length)] = invalid[random.Next(invalid.Length)];
            var angles = new float[Frames * XelaSkin.JointCount];
            for (var f = 0; f < Frames; f++)
                for (var j = 0; j < XelaSkin.JointCount; j++)
                {
                    var joint = hand.Joints[j];
                    var reach = w % 2 == 0 ? random.NextDouble() : random.NextDouble() * 1.2 - 0.1;
                    angles[f * XelaSkin.JointCount + j] = (float)(joint.LowerLimitRadians + reach * (joint.UpperLimitRadians - joint.LowerLimitRadians));
                }
            windows[w] = new RawWindow { Magnetic = counts, JointAngles = angles };
        }
        return windows;
    }

    internal static float[] Column(IDataView view, string name) => view.GetColumn<float[]>(name).SelectMany(v => v).ToArray();

    public sealed class LabelledWindow
    {
        public string RecordingId { get; set; } = "";
        [VectorType(Frames, XelaSkin.TaxelCount, XelaSkin.AxisCount)] public float[] Magnetic { get; set; } = [];
        [VectorType(Frames, XelaSkin.JointCount)] public float[] JointAngles { get; set; } = [];
        [VectorType(3)] public float[] Label { get; set; } = [];
    }

    /// <summary>Each raw window as its own recording with the label <paramref name="label"/> gives its index.</summary>
    internal static LabelledWindow[] Labelled(RawWindow[] raw, Func<int, float[]> label) => raw.Select((w, i) => new LabelledWindow
    {
        RecordingId = $"rec-{i}", Magnetic = w.Magnetic, JointAngles = w.JointAngles, Label = label(i),
    }).ToArray();

    internal static (XelaValidityTransformer, KinematicPositionsTransformer, XelaNormalizationTransformer, IDataView) DataSteps(IDataView data)
    {
        var restMeans = Enumerable.Range(0, XelaSkin.ValuesPerFrame).Select(i => 30000f + (i % 7) * 3.5f).ToArray();
        restMeans[11] = float.NaN;
        var validity = new XelaValidityEstimator(new XelaValidityOptions()).Fit(data);
        var afterValidity = validity.Transform(data);
        var kinematics = new KinematicPositionsEstimator(new KinematicPositionsOptions()).Fit(afterValidity);
        var afterKinematics = kinematics.Transform(afterValidity);
        var normalization = new XelaNormalizationEstimator(new XelaNormalizationOptions
        {
            Baseline = new TaxelBaseline(restMeans),
            Statistics = new MagneticChannelStatistics([10, -5, 40], [600, 700, 900]),
        }).Fit(afterKinematics);
        return (validity, kinematics, normalization, normalization.Transform(afterKinematics));
    }

    internal static SparshSkinEncoder MicroEncoder(int seed)
    {
        torch.set_num_threads(1);
        torch.random.manual_seed(seed);
        var encoder = new SparshSkinEncoder(SparshSkinEncoderConfig.ForSize(SparshSkinEncoderSize.Micro));
        ModuleExportParityTests.Randomize(encoder, seed + 1);
        encoder.eval();
        return encoder;
    }

    [TestMethod]
    public void FittedMlNetChainMatchesItsOnnxExport()
    {
        // The in-memory chain an app trains: data steps -> encoder transformer (taxel validity masking) -> decoder regressor.
        var mlContext = new MLContext(seed: 1);
        var raw = RawWindows(6, seed: 50);
        var windows = Labelled(raw, i => [i * 0.1f, 1 - i * 0.2f, 0.3f]);
        var data = mlContext.Data.LoadFromEnumerable(windows);
        var (validity, kinematics, normalization, prepared) = DataSteps(data);
        var encoder = new SparshSkinEncoderTransformer(MicroEncoder(51));
        var encoded = encoder.Transform(prepared);
        var decoder = new AttentivePoolerRegressorEstimator(mlContext, new AttentivePoolerRegressorOptions
        {
            TokensColumnName = encoder.Columns.TokensColumnName, Epochs = 1, BatchSize = 6, ValidationFraction = 0, CpuThreads = 1, Seed = 52,
            OutputActivations = [OutputActivation.None, OutputActivation.Relu, OutputActivation.Sigmoid],
        }).Fit(encoded);
        var expected = Column(decoder.Transform(encoded), XelaColumnNames.Score);

        var model = PredictionChainOnnx.Export(validity, kinematics, normalization, encoder, decoder);
        var actual = OnnxRun.RunFloats(model,
            new OnnxRun.Input(XelaColumnNames.Magnetic, windows.SelectMany(w => w.Magnetic).ToArray(), [windows.Length, Frames, XelaSkin.TaxelCount, XelaSkin.AxisCount]),
            new OnnxRun.Input(XelaColumnNames.JointAngles, windows.SelectMany(w => w.JointAngles).ToArray(), [windows.Length, Frames, XelaSkin.JointCount]));
        OnnxRun.AssertClose(expected, actual[PredictionChainOnnx.ScoreOutput], "fitted ML.NET chain vs one ONNX graph, 6 windows");
    }

    public sealed class Force
    {
        [VectorType(3)] public float[] Score { get; set; } = [];
    }

    [TestMethod]
    public void RawWindowToForceZipLoadsAsPlainMlNetAndScoresLikeTheInMemoryChain()
    {
        // Every step saved as ONNX: the encoder through its row graph (what its transformer's Save would embed).
        var mlContext = new MLContext(seed: 1);
        var raw = RawWindows(4, seed: 55);
        var windows = Labelled(raw, i => [i * 0.1f, 1 - i * 0.2f, 0.3f]);
        var data = mlContext.Data.LoadFromEnumerable(windows);
        var (validity, kinematics, normalization, prepared) = DataSteps(data);
        var encoder = new SparshSkinEncoderTransformer(MicroEncoder(56));
        var encoded = encoder.Transform(prepared);
        var decoder = new AttentivePoolerRegressorEstimator(mlContext, new AttentivePoolerRegressorOptions
        {
            TokensColumnName = encoder.Columns.TokensColumnName, Epochs = 1, BatchSize = 4, ValidationFraction = 0, CpuThreads = 1, Seed = 57,
        }).Fit(encoded);
        var expected = Column(decoder.Transform(encoded), XelaColumnNames.Score);

        var (encoderModel, inputs, outputs) = SparshSkinEncoderOnnx.ExportForRow(encoder, prepared.Schema);
        using var stream = new MemoryStream(encoderModel);
        var encoderOnnx = mlContext.Transforms.ApplyOnnxModel([.. outputs], [.. inputs], stream).Fit(prepared);
        var chain = new TransformerChain<ITransformer>(validity, kinematics, normalization, encoderOnnx, decoder);
        var path = Path.Combine(Path.GetTempPath(), $"sparsh-force-{Guid.NewGuid():N}.zip");
        try
        {
            // Saved with the raw window's schema alone: an app feeds counts and angles, nothing else.
            mlContext.Model.Save(chain, mlContext.Data.LoadFromEnumerable(raw).Schema, path);
            using (var zip = ZipFile.OpenRead(path))
                Assert.AreEqual(5, zip.Entries.Count(e => e.FullName.EndsWith("OnnxModel", StringComparison.Ordinal)), "one ONNX graph per step");
            var loaded = new MLContext(seed: 2).Model.Load(path, out var inputSchema);
            Assert.IsFalse(((IEnumerable<ITransformer>)loaded).Any(t => t.GetType().Assembly.GetName().Name!.StartsWith("Sparsh", StringComparison.Ordinal)),
                "the loaded chain holds only ML.NET transformers");
            var actual = Column(loaded.Transform(data), XelaColumnNames.Score);
            OnnxRun.AssertClose(expected, actual, "raw window -> force zip vs in-memory chain, 4 windows");

            var engine = mlContext.Model.CreatePredictionEngine<RawWindow, Force>(loaded, inputSchema);
            var single = engine.Predict(raw[2]).Score;
            OnnxRun.AssertClose(expected.AsSpan(6, 3), single, "prediction engine, raw window -> force");
        }
        finally
        {
            File.Delete(path);
            (encoderOnnx as IDisposable)?.Dispose();
        }
    }

    [TestMethod]
    public void EncoderRowModelScoresLikeTheEncoderTransformerInMlNet()
    {
        // The graph the encoder transformer's Save would embed, run by ML.NET's own OnnxTransformer.
        var mlContext = new MLContext(seed: 1);
        var data = mlContext.Data.LoadFromEnumerable(RawWindows(3, seed: 53));
        var (_, _, _, prepared) = DataSteps(data);
        var encoder = new SparshSkinEncoderTransformer(MicroEncoder(54));
        var expected = encoder.Transform(prepared);
        var (model, inputs, outputs) = SparshSkinEncoderOnnx.ExportForRow(encoder, prepared.Schema);
        using var stream = new MemoryStream(model);
        var onnx = mlContext.Transforms.ApplyOnnxModel([.. outputs], [.. inputs], stream).Fit(prepared);
        var actual = onnx.Transform(prepared);
        foreach (var name in new[] { encoder.Columns.EmbeddingColumnName, encoder.Columns.TokensColumnName })
        {
            Assert.AreEqual(expected.Schema[name].Type, actual.Schema[name].Type, $"column {name}");
            OnnxRun.AssertClose(Column(expected, name), Column(actual, name), $"encoder row model, column {name}");
        }
        (onnx as IDisposable)?.Dispose();
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(3)]
    public void RawWindowToForceMatchesTheCSharpAndTorchSharpChain(int batch)
    {
        var mlContext = new MLContext(seed: 1);
        var windows = RawWindows(batch, seed: 40 + batch);
        var data = mlContext.Data.LoadFromEnumerable(windows);
        var restMeans = Enumerable.Range(0, XelaSkin.ValuesPerFrame).Select(i => 30000f + (i % 7) * 3.5f).ToArray();
        restMeans[11] = float.NaN;
        var validity = new XelaValidityEstimator(new XelaValidityOptions()).Fit(data);
        var afterValidity = validity.Transform(data);
        var kinematics = new KinematicPositionsEstimator(new KinematicPositionsOptions()).Fit(afterValidity);
        var afterKinematics = kinematics.Transform(afterValidity);
        var normalization = new XelaNormalizationEstimator(new XelaNormalizationOptions
        {
            Baseline = new TaxelBaseline(restMeans),
            Statistics = new MagneticChannelStatistics([10, -5, 40], [600, 700, 900]),
        }).Fit(afterKinematics);
        var prepared = normalization.Transform(afterKinematics);

        torch.set_num_threads(1);
        torch.random.manual_seed(41);
        var encoder = new SparshSkinEncoder(SparshSkinEncoderConfig.ForSize(SparshSkinEncoderSize.Micro));
        ModuleExportParityTests.Randomize(encoder, 42);
        encoder.eval();
        var decoder = new InstantaneousDecoder(32, heads: 2, outputs: 3, [OutputActivation.None, OutputActivation.None, OutputActivation.Relu]);
        ModuleExportParityTests.Randomize(decoder, 43);
        decoder.eval();

        // Reference: C# data steps, then encoder input [B, F, 368, 6] = normalised flux then positions, encoder, decoder.
        float[] expected;
        using (no_grad())
        {
            var flux = tensor(Column(prepared, XelaColumnNames.Magnetic), [batch, Frames, XelaSkin.TaxelCount, XelaSkin.AxisCount]);
            var positions = tensor(Column(prepared, XelaColumnNames.TaxelPositions), [batch, Frames, XelaSkin.TaxelCount, XelaSkin.AxisCount]);
            expected = OnnxTensors.Values(decoder.forward(encoder.forward(cat([flux, positions], -1)), null));
        }

        var model = PredictionChainOnnx.Export(validity, kinematics, normalization, encoder, decoder, maskInvalidTaxels: false);
        var actual = OnnxRun.RunFloats(model,
            new OnnxRun.Input(XelaColumnNames.Magnetic, windows.SelectMany(w => w.Magnetic).ToArray(), [batch, Frames, XelaSkin.TaxelCount, XelaSkin.AxisCount]),
            new OnnxRun.Input(XelaColumnNames.JointAngles, windows.SelectMany(w => w.JointAngles).ToArray(), [batch, Frames, XelaSkin.JointCount]));
        OnnxRun.AssertClose(expected, actual[PredictionChainOnnx.ScoreOutput], $"raw window to force, batch {batch}");
    }
}

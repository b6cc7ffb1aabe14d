using System.IO.Compression;
using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Transforms.Hand;
using Sparsh.Transforms.Kinematics;
using Sparsh.Transforms.Normalization;
using Sparsh.Transforms.Preprocessing;
using Sparsh.Transforms.Tests.Recordings;
using Sparsh.Transforms.Validity;
using Sparsh.Transforms.Xela;

namespace Sparsh.Transforms.Tests.Onnx;

/// <summary>Fitted Sparsh transformers save into ML.NET zips as ONNX and load back as plain ML.NET transformers.</summary>
[TestClass]
public sealed class OnnxModelPersistenceTests
{
    private const int Frames = 10;

    public sealed class RawWindow
    {
        [VectorType(Frames, XelaSkin.TaxelCount, XelaSkin.AxisCount)] public float[] Magnetic { get; set; } = [];
        [VectorType(Frames, XelaSkin.JointCount)] public float[] JointAngles { get; set; } = [];
    }

    public sealed class Prediction
    {
        [VectorType(Frames * XelaSkin.ValuesPerFrame)] public float[] Magnetic { get; set; } = [];
        [VectorType(Frames * XelaSkin.TaxelCount)] public bool[] Validity { get; set; } = [];
        [VectorType(Frames * XelaSkin.ValuesPerFrame)] public float[] TaxelPositions { get; set; } = [];
    }

    private static RawWindow[] RawWindows(int count, int seed)
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
                    // Every other window overshoots the limits a little, as recorded joint states do.
                    var reach = w % 2 == 0 ? random.NextDouble() : random.NextDouble() * 1.2 - 0.1;
                    angles[f * XelaSkin.JointCount + j] = (float)(joint.LowerLimitRadians + reach * (joint.UpperLimitRadians - joint.LowerLimitRadians));
                }
            windows[w] = new RawWindow { Magnetic = counts, JointAngles = angles };
        }
        return windows;
    }

    private static T[][] Rows<T>(IDataView view, string name)
    {
        var column = view.Schema[name];
        var rows = new List<T[]>();
        var buffer = default(VBuffer<T>);
        using var cursor = view.GetRowCursor([column]);
        var getter = cursor.GetGetter<VBuffer<T>>(column);
        while (cursor.MoveNext())
        {
            getter(ref buffer);
            rows.Add(buffer.DenseValues().ToArray());
        }
        return [.. rows];
    }

    [TestMethod]
    public void RawWindowChainSavesAndLoadsWithTheSameOutputs()
    {
        var mlContext = new MLContext(seed: 1);
        var windows = RawWindows(6, seed: 21);
        var data = mlContext.Data.LoadFromEnumerable(windows);
        var restMeans = Enumerable.Range(0, XelaSkin.ValuesPerFrame).Select(i => 30000f + (i % 7) * 3.5f).ToArray();
        restMeans[11] = float.NaN;
        var pipeline = new XelaValidityEstimator(new XelaValidityOptions())
            .Append(new KinematicPositionsEstimator(new KinematicPositionsOptions()))
            .Append(new XelaNormalizationEstimator(new XelaNormalizationOptions { Baseline = new TaxelBaseline(restMeans) }));
        var model = pipeline.Fit(data);
        var expected = model.Transform(data);

        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "data-steps.zip");
        mlContext.Model.Save(model, data.Schema, path);

        using (var zip = ZipFile.OpenRead(path))
            Assert.AreEqual(3, zip.Entries.Count(e => e.FullName.EndsWith("OnnxModel", StringComparison.Ordinal)), "one embedded ONNX graph per step");

        var loaded = new MLContext(seed: 2).Model.Load(path, out var inputSchema);
        Assert.IsFalse(((IEnumerable<ITransformer>)loaded).Any(t => t.GetType().Assembly.GetName().Name!.StartsWith("Sparsh", StringComparison.Ordinal)),
            "the loaded chain holds only ML.NET transformers");
        var actual = loaded.Transform(mlContext.Data.LoadFromEnumerable(windows));
        foreach (var name in new[] { XelaColumnNames.Magnetic, XelaColumnNames.Validity, XelaColumnNames.TaxelPositions })
            Assert.AreEqual(expected.Schema[name].Type, actual.Schema[name].Type, $"column {name}: same item type and dimensions");

        var wantMagnetic = Rows<float>(expected, XelaColumnNames.Magnetic);
        var gotMagnetic = Rows<float>(actual, XelaColumnNames.Magnetic);
        var wantPositions = Rows<float>(expected, XelaColumnNames.TaxelPositions);
        var gotPositions = Rows<float>(actual, XelaColumnNames.TaxelPositions);
        var wantValidity = Rows<bool>(expected, XelaColumnNames.Validity);
        var gotValidity = Rows<bool>(actual, XelaColumnNames.Validity);
        Assert.HasCount(windows.Length, gotMagnetic);
        for (var w = 0; w < windows.Length; w++)
        {
            OnnxRun.AssertClose(wantMagnetic[w], gotMagnetic[w], $"window {w} magnetic", relative: 1e-4, absolute: 1e-6, nanMatchesNan: true);
            CollectionAssert.AreEqual(wantMagnetic[w].Select(v => v == 0f).ToArray(), gotMagnetic[w].Select(v => v == 0f).ToArray(), $"window {w}: invalid zeros");
            CollectionAssert.AreEqual(wantValidity[w], gotValidity[w], $"window {w} validity");
            OnnxRun.AssertClose(wantPositions[w], gotPositions[w], $"window {w} taxel positions (m)", relative: 0, absolute: 1e-6, nanMatchesNan: true);
        }

        // The loaded model predicts from a raw window in a PredictionEngine, as a line-of-business app would.
        var engine = mlContext.Model.CreatePredictionEngine<RawWindow, Prediction>(loaded, inputSchema);
        var single = engine.Predict(windows[3]);
        OnnxRun.AssertClose(wantMagnetic[3], single.Magnetic, "prediction engine magnetic", relative: 1e-4, absolute: 1e-6, nanMatchesNan: true);
        CollectionAssert.AreEqual(wantValidity[3], single.Validity, "prediction engine validity");
        OnnxRun.AssertClose(wantPositions[3], single.TaxelPositions, "prediction engine positions", relative: 0, absolute: 1e-6, nanMatchesNan: true);
    }

    [TestMethod]
    public void NormalsAndRenamedColumnsRoundTrip()
    {
        var mlContext = new MLContext(seed: 1);
        var windows = RawWindows(2, seed: 22);
        var data = mlContext.Data.LoadFromEnumerable(windows);
        var model = new XelaValidityEstimator(new XelaValidityOptions { OutputColumnName = "Clean", ValidityColumnName = "Mask" })
            .Append(new KinematicPositionsEstimator(new KinematicPositionsOptions { NormalsColumnName = XelaColumnNames.TaxelNormals }))
            .Fit(data);
        var expected = model.Transform(data);

        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "renamed.zip");
        mlContext.Model.Save(model, data.Schema, path);
        var actual = mlContext.Model.Load(path, out _).Transform(data);

        CollectionAssert.AreEqual(Rows<float>(expected, "Clean").SelectMany(r => r).ToArray(), Rows<float>(actual, "Clean").SelectMany(r => r).ToArray());
        CollectionAssert.AreEqual(Rows<bool>(expected, "Mask").SelectMany(r => r).ToArray(), Rows<bool>(actual, "Mask").SelectMany(r => r).ToArray());
        OnnxRun.AssertClose(Rows<float>(expected, XelaColumnNames.TaxelNormals).SelectMany(r => r).ToArray(), Rows<float>(actual, XelaColumnNames.TaxelNormals).SelectMany(r => r).ToArray(), "normals", relative: 0, absolute: 1e-6, nanMatchesNan: true);
    }

    public sealed class FlatRow
    {
        [VectorType(2 * XelaSkin.ValuesPerFrame)] public float[] Magnetic { get; set; } = [];
        [VectorType(XelaSkin.JointCount)] public float[] JointAngles { get; set; } = [];
    }

    [TestMethod]
    public void FlatColumnsKeepTheirDimensionsThroughAZip()
    {
        // Flat vectors (not [.., 368, 3]) are reshaped inside the graph and back, so loaded columns keep their types.
        var mlContext = new MLContext(seed: 1);
        var windows = RawWindows(3, seed: 24);
        var rows = windows.Select(w => new FlatRow { Magnetic = w.Magnetic[..(2 * XelaSkin.ValuesPerFrame)], JointAngles = w.JointAngles[..XelaSkin.JointCount] }).ToArray();
        var data = mlContext.Data.LoadFromEnumerable(rows);
        var model = new XelaValidityEstimator(new XelaValidityOptions())
            .Append(new KinematicPositionsEstimator(new KinematicPositionsOptions()))
            .Append(new XelaNormalizationEstimator(new XelaNormalizationOptions()))
            .Fit(data);
        var expected = model.Transform(data);

        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "flat.zip");
        mlContext.Model.Save(model, data.Schema, path);
        var actual = mlContext.Model.Load(path, out _).Transform(data);

        foreach (var name in new[] { XelaColumnNames.Magnetic, XelaColumnNames.Validity, XelaColumnNames.TaxelPositions })
            Assert.AreEqual(expected.Schema[name].Type, actual.Schema[name].Type, $"column {name}");
        CollectionAssert.AreEqual(Rows<bool>(expected, XelaColumnNames.Validity).SelectMany(r => r).ToArray(),
            Rows<bool>(actual, XelaColumnNames.Validity).SelectMany(r => r).ToArray());
        OnnxRun.AssertClose(Rows<float>(expected, XelaColumnNames.Magnetic).SelectMany(r => r).ToArray(), Rows<float>(actual, XelaColumnNames.Magnetic).SelectMany(r => r).ToArray(), "magnetic", relative: 1e-4, absolute: 1e-6, nanMatchesNan: true);
        OnnxRun.AssertClose(Rows<float>(expected, XelaColumnNames.TaxelPositions).SelectMany(r => r).ToArray(), Rows<float>(actual, XelaColumnNames.TaxelPositions).SelectMany(r => r).ToArray(), "positions", relative: 0, absolute: 1e-6, nanMatchesNan: true);
    }

    [TestMethod]
    public void SavingATransformerNeverAppliedSaysWhatToDo()
    {
        var mlContext = new MLContext(seed: 1);
        var data = mlContext.Data.LoadFromEnumerable(RawWindows(1, seed: 23));
        var statistics = new MagneticChannelStatistics([0, 0, 0], [1, 1, 1]);
        var transformer = new XelaNormalizationEstimator(new XelaNormalizationOptions { Statistics = statistics }).Fit(data);
        using var directory = new TempDirectory();
        var error = Assert.Throws<Exception>(() => mlContext.Model.Save(transformer, data.Schema, Path.Combine(directory.Path, "unbound.zip")));
        var messages = string.Join(" | ", Flatten(error).Select(e => e.Message));
        StringAssert.Contains(messages, "XelaNormalizationTransformer cannot be saved before it has been applied to data");
    }

    private static IEnumerable<Exception> Flatten(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException) yield return e;
    }
}

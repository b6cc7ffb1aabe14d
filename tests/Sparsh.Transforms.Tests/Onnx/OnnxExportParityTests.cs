using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Transforms.Hand;
using Sparsh.Transforms.Kinematics;
using Sparsh.Transforms.Normalization;
using Sparsh.Transforms.Onnx;
using Sparsh.Transforms.Preprocessing;
using Sparsh.Transforms.Validity;
using Sparsh.Transforms.Xela;

namespace Sparsh.Transforms.Tests.Onnx;

/// <summary>Each exported step, run in ONNX Runtime on a batch of windows, agrees with its C# transformer.</summary>
[TestClass]
public sealed class OnnxExportParityTests
{
    private const int Frames = 10;
    private const int Batch = 3;
    private const int WindowValues = Frames * XelaSkin.ValuesPerFrame;
    private const int WindowAngles = Frames * XelaSkin.JointCount;

    private sealed class Window
    {
        [VectorType(Frames, XelaSkin.TaxelCount, XelaSkin.AxisCount)] public float[] Magnetic { get; set; } = [];
        [VectorType(Frames, XelaSkin.JointCount)] public float[] JointAngles { get; set; } = [];
    }

    /// <summary>Raw counts around the rest level with every kind of invalid value sprinkled in.</summary>
    private static float[] RawCounts(Random random)
    {
        var counts = new float[WindowValues];
        for (var i = 0; i < counts.Length; i++) counts[i] = 30000f + MathF.Round((float)(random.NextDouble() - 0.5) * 8000f);
        float[] edges = [19999f, 20000f, 60000f, 60000.004f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, -1f, 1e9f];
        for (var k = 0; k < 200; k++) counts[random.Next(counts.Length)] = edges[random.Next(edges.Length)];
        return counts;
    }

    /// <summary>Angles inside, at and beyond every joint's limits.</summary>
    private static float[] Angles(HandModel hand, Random random)
    {
        var angles = new float[WindowAngles];
        for (var f = 0; f < Frames; f++)
            for (var j = 0; j < hand.JointCount; j++)
            {
                var joint = hand.Joints[j];
                var span = joint.UpperLimitRadians - joint.LowerLimitRadians;
                angles[f * hand.JointCount + j] = (f % 4) switch
                {
                    0 => (float)joint.LowerLimitRadians,
                    1 => (float)joint.UpperLimitRadians,
                    2 => (float)(joint.LowerLimitRadians + (random.NextDouble() * 1.4 - 0.2) * span), // up to 20% beyond either limit
                    _ => (float)(joint.LowerLimitRadians + random.NextDouble() * span),
                };
            }
        return angles;
    }

    private static Window[] Windows(int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, Batch).Select(_ => new Window { Magnetic = RawCounts(random), JointAngles = Angles(HandModel.AllegroXela, random) })];
    }

    private static T[] Column<T>(IDataView view, string name)
    {
        var column = view.Schema[name];
        var values = new List<T>();
        var buffer = default(VBuffer<T>);
        using var cursor = view.GetRowCursor([column]);
        var getter = cursor.GetGetter<VBuffer<T>>(column);
        while (cursor.MoveNext())
        {
            getter(ref buffer);
            values.AddRange(buffer.DenseValues());
        }
        return [.. values];
    }

    private static float[] Flatten(IEnumerable<float[]> rows) => [.. rows.SelectMany(r => r)];

    [TestMethod]
    public void ValidityMatchesTheTransformerOnEdgeValues()
    {
        var mlContext = new MLContext(seed: 1);
        var windows = Windows(seed: 11);
        var data = mlContext.Data.LoadFromEnumerable(windows);
        var options = new XelaValidityOptions();
        var expected = new XelaValidityEstimator(options).Fit(data).Transform(data);

        var outputs = OnnxRun.Run(XelaValidityOnnx.Export(options, Frames), new OnnxRun.Input(XelaColumnNames.Magnetic, Flatten(windows.Select(w => w.Magnetic)), [Batch, Frames, XelaSkin.TaxelCount, XelaSkin.AxisCount]));

        CollectionAssert.AreEqual(Column<float>(expected, XelaColumnNames.Magnetic), (float[])outputs["Magnetic.output"]);
        var mask = Column<bool>(expected, XelaColumnNames.Validity);
        CollectionAssert.AreEqual(mask, (bool[])outputs[XelaColumnNames.Validity]);
        Assert.IsGreaterThan(50, mask.Count(v => !v), "the edge values make taxels invalid");
    }

    [TestMethod]
    public void NormalizationMatchesTheTransformerWithABaselineAndZeros()
    {
        var mlContext = new MLContext(seed: 1);
        var random = new Random(5);
        var means = Enumerable.Range(0, XelaSkin.ValuesPerFrame).Select(_ => 30000f + (float)random.NextDouble() * 100f).ToArray();
        means[7] = float.NaN; // a taxel axis that was broken at rest
        means[500] = float.NaN;
        var baseline = new TaxelBaseline(means);
        var statistics = new MagneticChannelStatistics([12.5, -40.0, 250.0], [310.0, 280.0, 900.0]);

        // Flagged counts: zeros mark invalid values, and a reading equal to its baseline mean becomes 0 after taring.
        var windows = Windows(seed: 12);
        foreach (var window in windows)
        {
            var flagged = window.Magnetic;
            ValidityFlagging.Flag(flagged);
            flagged[3 * XelaSkin.ValuesPerFrame + 42] = means[42];
        }
        var data = mlContext.Data.LoadFromEnumerable(windows);
        var expected = new XelaNormalizationEstimator(new XelaNormalizationOptions { Baseline = baseline, Statistics = statistics })
            .Fit(data).Transform(data);

        var model = XelaNormalizationOnnx.Export(baseline, statistics, Frames);
        var outputs = OnnxRun.Run(model, new OnnxRun.Input(XelaColumnNames.Magnetic, Flatten(windows.Select(w => w.Magnetic)), [Batch, Frames, XelaSkin.TaxelCount, XelaSkin.AxisCount]));

        var want = Column<float>(expected, XelaColumnNames.Magnetic);
        var got = (float[])outputs["Magnetic.output"];
        OnnxRun.AssertClose(want, got, "normalised magnetic", relative: 1e-4, absolute: 1e-6, nanMatchesNan: true);
        for (var i = 0; i < want.Length; i++)
            Assert.AreEqual(want[i] == 0f, got[i] == 0f, $"element {i}: zeros (invalid) must match exactly");
        Assert.AreEqual(0f, got[3 * XelaSkin.ValuesPerFrame + 42], "a reading equal to its baseline tares to the invalid marker");
        Assert.AreEqual(0f, got[7], "a channel without a baseline is zero");

        // Without a baseline only the per-axis standardisation applies.
        var noBaseline = new XelaNormalizationEstimator(new XelaNormalizationOptions { Statistics = statistics }).Fit(data).Transform(data);
        outputs = OnnxRun.Run(XelaNormalizationOnnx.Export(null, statistics, Frames), new OnnxRun.Input(XelaColumnNames.Magnetic, Flatten(windows.Select(w => w.Magnetic)), [Batch, Frames, XelaSkin.TaxelCount, XelaSkin.AxisCount]));
        OnnxRun.AssertClose(Column<float>(noBaseline, XelaColumnNames.Magnetic), (float[])outputs["Magnetic.output"], "standardised magnetic", relative: 1e-4, absolute: 1e-6, nanMatchesNan: true);
    }

    [TestMethod]
    public void KinematicPositionsMatchTheTransformerWithinAMicrometre()
    {
        var mlContext = new MLContext(seed: 1);
        var windows = Windows(seed: 13);
        var data = mlContext.Data.LoadFromEnumerable(windows);
        var options = new KinematicPositionsOptions();
        var expected = new KinematicPositionsEstimator(options).Fit(data).Transform(data);

        var outputs = OnnxRun.Run(KinematicPositionsOnnx.Export(options, Frames), new OnnxRun.Input(XelaColumnNames.JointAngles, Flatten(windows.Select(w => w.JointAngles)), [Batch, Frames, XelaSkin.JointCount]));

        var want = Column<float>(expected, XelaColumnNames.TaxelPositions);
        var got = (float[])outputs[XelaColumnNames.TaxelPositions];
        OnnxRun.AssertClose(want, got, "taxel positions (m)", relative: 0, absolute: 1e-6, nanMatchesNan: true);
        Assert.AreEqual(Batch * Frames * XelaSkin.ValuesPerFrame, got.Length);
    }

    [TestMethod]
    public void SingleFrameKinematicsMatchesForBuiltInAndUrdfHands()
    {
        // No batch or frame dimension: the step works on any leading dimensions. The URDF hand has rotated joint
        // origins and mounts, which the built-in one mostly lacks.
        var urdf = HandModel.FromUrdf(Hand.XelaReferenceFiles.PathOf(Hand.XelaReferenceFiles.HandUrdf));
        foreach (var (handName, hand) in new[] { ("built-in", HandModel.AllegroXela), ("urdf", urdf) })
        {
            var graph = new OnnxGraphBuilder("single_frame");
            var angles = graph.AddInput("angles", OnnxElementType.Float, hand.JointCount);
            graph.AddOutput(KinematicPositionsOnnx.AddTo(graph, angles, hand), "positions", OnnxElementType.Float, hand.TaxelCount, 3);
            var model = graph.ToModelBytes();
            foreach (var (name, configuration) in Hand.JointConfigurations.All(hand))
            {
                var expected = new float[hand.TaxelCount * 3];
                hand.ComputeTaxelPoses(configuration, expected, Span<float>.Empty);
                var outputs = OnnxRun.Run(model, new OnnxRun.Input("angles", configuration, [hand.JointCount]));
                OnnxRun.AssertClose(expected, (float[])outputs["positions"], $"{handName} hand, {name}", relative: 0, absolute: 1e-6, nanMatchesNan: true);
            }
        }
    }

    [TestMethod]
    public void ExportsAreByteForByteReproducible()
    {
        var statistics = new MagneticChannelStatistics([1, 2, 3], [4, 5, 6]);
        CollectionAssert.AreEqual(KinematicPositionsOnnx.Export(new KinematicPositionsOptions(), Frames), KinematicPositionsOnnx.Export(new KinematicPositionsOptions(), Frames));
        CollectionAssert.AreEqual(XelaNormalizationOnnx.Export(null, statistics, Frames), XelaNormalizationOnnx.Export(null, statistics, Frames));
        CollectionAssert.AreEqual(XelaValidityOnnx.Export(new XelaValidityOptions(), Frames), XelaValidityOnnx.Export(new XelaValidityOptions(), Frames));
    }
}

using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Transforms.Kinematics;
using Sparsh.Transforms.Normalization;
using Sparsh.Transforms.Preprocessing;
using Sparsh.Transforms.Validity;
using Sparsh.Transforms.Windowing;
using Sparsh.Transforms.Xela;

namespace Sparsh.Transforms.Tests.Options;

/// <summary>
/// Estimators copy and validate their options once: changing the options object after constructing an estimator, or after
/// Fit, or the options a transformer exposes, never changes what a fitted transformer computes.
/// </summary>
[TestClass]
public sealed class OptionsIsolationTests
{
    public sealed class Frame
    {
        public string RecordingId { get; set; } = "";
        public double TimestampSeconds { get; set; }
        [VectorType(XelaSkin.TaxelCount, XelaSkin.AxisCount)] public float[] Magnetic { get; set; } = [];
        [VectorType(XelaSkin.JointCount)] public float[] JointAngles { get; set; } = [];
        [VectorType(2)] public float[] Force { get; set; } = [];
    }

    // Two recordings of 30 frames with readings that vary per frame, taxel and axis (some outside the valid range).
    private static IDataView Frames(MLContext mlContext)
    {
        var random = new Random(3);
        var frames = new List<Frame>();
        foreach (var id in new[] { "a", "b" })
            for (int k = 0; k < 30; k++)
                frames.Add(new Frame
                {
                    RecordingId = id,
                    TimestampSeconds = k / 100.0,
                    Magnetic = Enumerable.Range(0, XelaSkin.ValuesPerFrame).Select(_ => (float)(20000 + 20000 * random.NextDouble())).ToArray(),
                    JointAngles = Enumerable.Range(0, XelaSkin.JointCount).Select(_ => (float)(random.NextDouble() * 0.5)).ToArray(),
                    Force = [k, -k],
                });
        return mlContext.Data.LoadFromEnumerable(frames);
    }

    private static int[][] Bits(IDataView data, string column)
        => data.GetColumn<float[]>(column).Select(row => row.Select(BitConverter.SingleToInt32Bits).ToArray()).ToArray();

    private static void AssertBitIdentical(int[][] expected, int[][] actual, string what)
    {
        Assert.HasCount(expected.Length, actual, what);
        for (int r = 0; r < expected.Length; r++) CollectionAssert.AreEqual(expected[r], actual[r], $"{what}, row {r}");
    }

    [TestMethod]
    public void NormalizationIgnoresOptionsChangedAfterConstructionAndAfterFit()
    {
        var mlContext = new MLContext(seed: 1);
        var data = Frames(mlContext);
        var options = new XelaNormalizationOptions { OutputColumnName = "Normalized" };
        var estimator = new XelaNormalizationEstimator(options);

        // Changed before Fit: the estimator fits with the options it was given.
        options.Statistics = new MagneticChannelStatistics([0, 0, 0], [1, 1, 1]);
        var transformer = estimator.Fit(data);
        var reference = new XelaNormalizationEstimator(new XelaNormalizationOptions { OutputColumnName = "Normalized" }).Fit(data);
        var before = Bits(transformer.Transform(data), "Normalized");
        AssertBitIdentical(Bits(reference.Transform(data), "Normalized"), before, "fitted after changing the options");

        // Changed after Fit: the fitted transformer keeps its own copy.
        options.OutputColumnName = "Changed";
        options.InputColumnName = "Missing";
        options.Baseline = new TaxelBaseline(Enumerable.Repeat(1000f, XelaSkin.ValuesPerFrame).ToArray());
        Assert.IsNull(transformer.Baseline);
        AssertBitIdentical(before, Bits(transformer.Transform(data), "Normalized"), "scored after changing the options");
    }

    [TestMethod]
    public void ValidityIgnoresChangesToTheOptionsPassedInAndToTheOptionsItExposes()
    {
        var mlContext = new MLContext(seed: 1);
        var data = Frames(mlContext);
        var options = new XelaValidityOptions { OutputColumnName = "Flagged", ValidMinCounts = 25000, ValidMaxCounts = 35000 };
        var transformer = new XelaValidityEstimator(options).Fit(data);
        var before = Bits(transformer.Transform(data), "Flagged");
        Assert.IsTrue(before.Any(row => row.Contains(0)), "some readings are outside the range and zeroed");

        options.ValidMinCounts = 0;
        options.ValidMaxCounts = 1;
        options.OutputColumnName = "Changed";
        transformer.Options.ValidMaxCounts = 2; // the exposed options are a copy
        transformer.Options.OutputColumnName = "AlsoChanged";
        Assert.AreEqual(35000f, transformer.Options.ValidMaxCounts);
        AssertBitIdentical(before, Bits(transformer.Transform(data), "Flagged"), "scored after changing the options");
    }

    [TestMethod]
    public void WindowingIgnoresChangesToTheOptionsAndTheirLists()
    {
        var mlContext = new MLContext(seed: 1);
        var data = Frames(mlContext);
        var options = new XelaWindowingOptions { LabelColumnNames = ["Force"] };
        var transformer = new XelaWindowingEstimator(options).Fit(data);
        var magnetic = Bits(transformer.Transform(data), XelaColumnNames.Magnetic);
        var force = Bits(transformer.Transform(data), "Force");
        Assert.HasCount(6, magnetic, "two recordings of 30 frames make 3 windows of 10 each");

        options.WindowLengthFrames = 5;
        options.StrideFrames = 1;
        options.LabelColumnNames.Add(XelaColumnNames.Magnetic);
        options.LabelColumnNames.Remove("Force");
        options.WindowedColumnNames = [XelaColumnNames.JointAngles];
        transformer.Options.WindowLengthFrames = 2;
        transformer.Options.LabelColumnNames.Clear();

        var after = transformer.Transform(data);
        AssertBitIdentical(magnetic, Bits(after, XelaColumnNames.Magnetic), "windows after changing the options");
        AssertBitIdentical(force, Bits(after, "Force"), "labels after changing the options");
    }

    [TestMethod]
    public void KinematicsExposesACopyOfItsOptions()
    {
        var mlContext = new MLContext(seed: 1);
        var data = Frames(mlContext);
        var options = new KinematicPositionsOptions();
        var transformer = new KinematicPositionsEstimator(options).Fit(data);
        var before = Bits(transformer.Transform(data), XelaColumnNames.TaxelPositions);

        options.OutputColumnName = "Changed";
        options.NormalsColumnName = "Normals";
        transformer.Options.OutputColumnName = "AlsoChanged";
        var after = transformer.Transform(data);
        Assert.IsNull(after.Schema.GetColumnOrNull("Normals"));
        AssertBitIdentical(before, Bits(after, XelaColumnNames.TaxelPositions), "positions after changing the options");
    }

    [TestMethod]
    public void NullOptionsAndNullInputsAreRefused()
    {
        Assert.ThrowsExactly<ArgumentNullException>(() => new XelaValidityEstimator(null!));
        Assert.ThrowsExactly<ArgumentNullException>(() => new XelaNormalizationEstimator(null!));
        Assert.ThrowsExactly<ArgumentNullException>(() => new XelaWindowingEstimator(null!));
        Assert.ThrowsExactly<ArgumentNullException>(() => new KinematicPositionsEstimator(null!));

        var mlContext = new MLContext(seed: 1);
        var estimator = new XelaValidityEstimator(new XelaValidityOptions());
        Assert.ThrowsExactly<ArgumentNullException>(() => estimator.Fit(null!));
        Assert.ThrowsExactly<ArgumentNullException>(() => estimator.GetOutputSchema(null!));
        var transformer = estimator.Fit(Frames(mlContext));
        Assert.ThrowsExactly<ArgumentNullException>(() => transformer.Transform(null!));
        Assert.ThrowsExactly<ArgumentNullException>(() => transformer.GetOutputSchema(null!));
        var windowing = new XelaWindowingEstimator(new XelaWindowingOptions()).Fit(Frames(mlContext));
        Assert.ThrowsExactly<ArgumentNullException>(() => windowing.Transform(null!));
    }

    [TestMethod]
    public void AnInvalidOptionIsNamedInOneMessageStyle()
    {
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new XelaWindowingEstimator(new XelaWindowingOptions { StrideFrames = 0 }));
        Assert.AreEqual(nameof(XelaWindowingOptions.StrideFrames), error.ParamName);
        StringAssert.StartsWith(error.Message, "StrideFrames must be at least 1, got 0.");

        error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new XelaValidityEstimator(new XelaValidityOptions { ValidMinCounts = 5, ValidMaxCounts = 5 }));
        Assert.AreEqual(nameof(XelaValidityOptions.ValidMinCounts), error.ParamName);
        StringAssert.StartsWith(error.Message, "ValidMinCounts must be below ValidMaxCounts (5), got 5.");

        var missing = Assert.ThrowsExactly<ArgumentNullException>(() => new KinematicPositionsEstimator(new KinematicPositionsOptions { Hand = null! }));
        Assert.AreEqual(nameof(KinematicPositionsOptions.Hand), missing.ParamName);

        var empty = Assert.ThrowsExactly<ArgumentException>(() => new XelaNormalizationEstimator(new XelaNormalizationOptions { InputColumnName = "" }));
        Assert.AreEqual(nameof(XelaNormalizationOptions.InputColumnName), empty.ParamName);
    }
}

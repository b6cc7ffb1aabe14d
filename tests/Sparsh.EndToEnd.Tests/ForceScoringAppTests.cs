using System.Reflection;
using System.Text.Json;
using Microsoft.ML;
using Sparsh.Scoring.Force;

namespace Sparsh.EndToEnd.Tests;

/// <summary>
/// The line-of-business app's <see cref="ForceModel"/> on a small real zip: it scores like the in-memory chain, depends on
/// plain ML.NET only, and answers bad files and bad windows with errors that name the file, column or index.
/// </summary>
[TestClass]
public sealed class ForceScoringAppTests
{
    private static ForceModelFixture _fixture = null!;
    private static ForceModel _model = null!;

    [ClassInitialize]
    public static void Build(TestContext _)
    {
        _fixture = ForceModelFixture.Create();
        _model = ForceModel.Load(_fixture.ZipPath);
    }

    [ClassCleanup]
    public static void Delete()
    {
        _model?.Dispose();
        _fixture?.Dispose();
    }

    [TestMethod]
    public void PredictionsEqualTheInMemoryChain()
    {
        double worst = 0, worstAbsolute = 0;
        for (int w = 0; w < _fixture.Windows.Count; w++)
        {
            var prediction = _model.Predict(_fixture.Windows[w]);
            var expected = _fixture.ExpectedForceNewtons[w];
            Assert.HasCount(3, prediction.ForceNewtons);
            for (int axis = 0; axis < 3; axis++)
            {
                double error = Math.Abs(prediction.ForceNewtons[axis] - expected[axis]);
                worstAbsolute = Math.Max(worstAbsolute, error);
                worst = Math.Max(worst, error / Math.Max(Math.Abs(expected[axis]), 0.1));
                Assert.IsLessThanOrEqualTo(Math.Max(1e-4 * Math.Abs(expected[axis]), 1e-5), error,
                    $"window {w} axis {axis}: app {prediction.ForceNewtons[axis]:R} N vs in-memory chain {expected[axis]:R} N");
            }
            Assert.AreEqual(_fixture.ExpectedMaskedTaxels[w], prediction.MaskedTaxels, $"window {w}: masked taxels");
        }
        Assert.IsGreaterThan(0.01f, _fixture.ExpectedForceNewtons.Max(f => Math.Abs(f[2])), "the decoder answers something other than zero");
        Console.WriteLine($"app vs in-memory chain over {_fixture.Windows.Count} windows: worst error {worstAbsolute:G3} N, {worst:G3} relative (to max(|expected|, 0.1 N))");
    }

    [TestMethod]
    public void AppAndScoringLibraryReferenceNoTrainingAssembly()
    {
        // The app ships with Sparsh.Scoring (plain ML.NET) and nothing else of the project: no transforms, no TorchSharp.
        var scoring = typeof(ForceModel).Assembly;
        var scoringReferences = scoring.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        CollectionAssert.Contains(scoringReferences, "Microsoft.ML.Data", "Sparsh.Scoring is built on ML.NET");
        Assert.IsFalse(scoringReferences.Any(IsForbidden), $"Sparsh.Scoring references {string.Join(", ", scoringReferences.Where(IsForbidden))}");

        var app = Assembly.Load("Sparsh.ForceScoringApp");
        var references = app.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        CollectionAssert.Contains(references, "Sparsh.Scoring");
        Assert.IsFalse(references.Any(IsForbidden), $"the app references {string.Join(", ", references.Where(IsForbidden))}");

        // deps.json lists everything the app ships with, transitive packages included; the build copies it next to the app.
        string deps = Path.ChangeExtension(app.Location, ".deps.json");
        Assert.IsTrue(File.Exists(deps), deps);
        using var json = JsonDocument.Parse(File.ReadAllText(deps));
        var libraries = json.RootElement.GetProperty("libraries").EnumerateObject().Select(p => p.Name).ToList();
        CollectionAssert.Contains(libraries, "Microsoft.ML.OnnxRuntime/1.31.1");
        var forbidden = libraries.Where(IsForbidden).ToList();
        Assert.IsEmpty(forbidden, $"the app's dependencies include {string.Join(", ", forbidden)}");

        static bool IsForbidden(string name) =>
            name.StartsWith("Sparsh.", StringComparison.OrdinalIgnoreCase)
                && !name.StartsWith("Sparsh.ForceScoringApp", StringComparison.Ordinal) && !name.StartsWith("Sparsh.Scoring", StringComparison.Ordinal)
            || name.Contains("TorchSharp", StringComparison.OrdinalIgnoreCase) || name.Contains("libtorch", StringComparison.OrdinalIgnoreCase);
    }

    [TestMethod]
    public void MissingFileNamesTheFile()
    {
        string path = Path.Combine(_fixture.Folder, "no_such_model.zip");
        var error = Assert.ThrowsExactly<FileNotFoundException>(() => ForceModel.Load(path));
        Assert.AreEqual(path, error.FileName);
        StringAssert.Contains(error.Message, path);
    }

    [TestMethod]
    public void RandomBytesFailAtLoadNamingTheFile()
    {
        string path = Path.Combine(_fixture.Folder, "random_bytes.zip");
        var bytes = new byte[4096];
        new Random(3).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
        var error = Assert.ThrowsExactly<InvalidDataException>(() => ForceModel.Load(path));
        StringAssert.Contains(error.Message, $"'{path}' is not a readable ML.NET model zip");
        Console.WriteLine(error.Message);
    }

    [TestMethod]
    public void TruncatedZipFailsAtLoadNamingTheFile()
    {
        string path = Path.Combine(_fixture.Folder, "truncated.zip");
        var bytes = File.ReadAllBytes(_fixture.ZipPath);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var error = Assert.ThrowsExactly<InvalidDataException>(() => ForceModel.Load(path));
        StringAssert.Contains(error.Message, $"'{path}' is not a readable ML.NET model zip");
        Console.WriteLine(error.Message);
    }

    [TestMethod]
    public void DataStepsZipSaysTheScoreOutputIsMissing()
    {
        var error = Assert.ThrowsExactly<InvalidDataException>(() => ForceModel.Load(_fixture.DataStepsZipPath));
        StringAssert.Contains(error.Message, $"'{_fixture.DataStepsZipPath}' is not a Sparsh force model: it has no output column 'Score' (expected Vector<Single, 3>)");
        StringAssert.Contains(error.Message, "'TaxelPositions' (Vector<Single, 10, 368, 3>)", "lists what the zip does produce");
    }

    [TestMethod]
    public void PlainRegressionZipSaysWhichInputColumnDiffers()
    {
        var mlContext = new MLContext(seed: 1);
        var random = new Random(4);
        var rows = Enumerable.Range(0, 32).Select(_ =>
        {
            float[] x = [.. Enumerable.Range(0, 4).Select(_ => (float)random.NextDouble())];
            return new TinyRegressionRow { Magnetic = x, Label = 2 * x[0] - x[3] };
        }).ToList();
        var data = mlContext.Data.LoadFromEnumerable(rows);
        var model = mlContext.Regression.Trainers.Sdca(featureColumnName: nameof(TinyRegressionRow.Magnetic), maximumNumberOfIterations: 5).Fit(data);
        string path = Path.Combine(_fixture.Folder, "regression.zip");
        mlContext.Model.Save(model, data.Schema, path);

        var error = Assert.ThrowsExactly<InvalidDataException>(() => ForceModel.Load(path));
        StringAssert.Contains(error.Message, $"'{path}'");
        StringAssert.Contains(error.Message, "input column 'Magnetic' is Vector<Single, 4>; expected Vector<Single, 10, 368, 3>");
    }

    [TestMethod]
    [DataRow(9, ForceWindow.Taxels, "9936 values = 9 frames x 368 taxels x 3 axes", DisplayName = "9 frames")]
    [DataRow(10, ForceWindow.Taxels - 1, "11010 values = 10 frames x 367 taxels x 3 axes", DisplayName = "367 taxels")]
    public void WrongMagneticLengthNamesTheFieldAndBothLengths(int frames, int taxels, string found)
    {
        var window = _fixture.CopyOf(0);
        window.MagneticCounts = new float[frames * taxels * ForceWindow.Axes];
        var error = Assert.ThrowsExactly<ArgumentException>(() => _model.Predict(window));
        Assert.AreEqual("window", error.ParamName);
        StringAssert.Contains(error.Message, $"MagneticCounts (column 'Magnetic') has {found}; expected 11040 = 10 frames x 368 taxels x 3 axes");
    }

    [TestMethod]
    public void WrongJointAnglesLengthNamesTheFieldAndBothLengths()
    {
        var window = _fixture.CopyOf(0);
        window.JointAnglesRadians = new float[10 * 15];
        var error = Assert.ThrowsExactly<ArgumentException>(() => _model.Predict(window));
        StringAssert.Contains(error.Message, "JointAnglesRadians (column 'JointAngles') has 150 values = 10 frames x 15 joints; expected 160 = 10 frames x 16 joints");
    }

    [TestMethod]
    [DataRow(float.NaN, "NaN")]
    [DataRow(float.PositiveInfinity, "Infinity")]
    public void NonFiniteJointAngleNamesTheFrameAndJoint(float angle, string shown)
    {
        var window = _fixture.CopyOf(1);
        window.JointAnglesRadians[3 * ForceWindow.Joints + 7] = angle;
        var error = Assert.ThrowsExactly<ArgumentException>(() => _model.Predict(window));
        StringAssert.Contains(error.Message, $"JointAnglesRadians[frame 3, joint 7] is {shown}; joint angles must be finite radians");
    }

    [TestMethod]
    public void InvalidCountsAreMaskedCountedAndScoredLikeTheInMemoryChain()
    {
        // NaN, infinite and out-of-range counts in one frame each: the validity step masks exactly those taxels.
        var window = _fixture.CopyOf(2);
        int baseline = _model.Predict(window).MaskedTaxels;
        int[] taxels = [5, 77, 200, 367];
        float[] values = [float.NaN, float.PositiveInfinity, 70000f, 5f];
        for (int k = 0; k < taxels.Length; k++)
            window.MagneticCounts[(k * ForceWindow.Taxels + taxels[k]) * ForceWindow.Axes + 1] = values[k];
        Assert.IsTrue(taxels.All(t => _fixture.Windows[2].MagneticCounts.Chunk(3).Where((_, i) => i % ForceWindow.Taxels == t).All(c => c.All(v => v is >= 20000 and <= 60000))),
            "the chosen taxels were valid before");

        var prediction = _model.Predict(window);
        Assert.AreEqual(baseline + taxels.Length, prediction.MaskedTaxels);
        var expected = _fixture.ScoreInMemory([window]).Single();
        Assert.AreEqual(expected.MaskedTaxels, prediction.MaskedTaxels, "the in-memory validity step masks the same taxels");
        for (int axis = 0; axis < 3; axis++)
            Assert.AreEqual(expected.ForceNewtons[axis], prediction.ForceNewtons[axis], Math.Max(1e-4 * Math.Abs(expected.ForceNewtons[axis]), 1e-5),
                $"axis {axis}: masked taxels are hidden from the encoder the same way in the zip and in memory");
        Assert.IsTrue(prediction.ForceNewtons.All(float.IsFinite), "masked taxels do not poison the force");
    }

    [TestMethod]
    public void EveryTaxelInvalidIsAnErrorNotABiasForce()
    {
        var window = _fixture.CopyOf(0);
        for (int t = 0; t < ForceWindow.Taxels; t++) window.MagneticCounts[(4 * ForceWindow.Taxels + t) * ForceWindow.Axes] = float.NaN;
        var error = Assert.ThrowsExactly<ArgumentException>(() => _model.Predict(window));
        StringAssert.Contains(error.Message, "Every one of the 368 taxels of the window has a raw count that is out of range, NaN or infinite");
    }

    [TestMethod]
    public void TestSetLoaderNamesAFileThatIsNotADataFile()
    {
        var error = Assert.ThrowsExactly<InvalidDataException>(() => ForceTestSet.Load(new MLContext(), _fixture.ZipPath));
        StringAssert.Contains(error.Message, $"'{_fixture.ZipPath}' is not a file of labelled raw windows");
    }
}

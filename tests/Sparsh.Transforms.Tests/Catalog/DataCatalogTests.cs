using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Transforms.Kinematics;
using Sparsh.Transforms.Normalization;
using Sparsh.Transforms.Recordings;
using Sparsh.Transforms.Validity;
using Sparsh.Transforms.Windowing;
using Sparsh.Transforms.Xela;

namespace Sparsh.Transforms.Tests.Catalog;

/// <summary>
/// An app that references only Sparsh.Transforms (this test project does) gets <c>mlContext.Sparsh()</c> with the data
/// steps, and pays for no TorchSharp, plotting or boosting library; the catalog is the way in (no public constructors).
/// </summary>
[TestClass]
public sealed class DataCatalogTests
{
    private static readonly string[] HeavyAssemblies = ["TorchSharp", "libtorch", "ScottPlot", "LightGBM", "Microsoft.ML.LightGbm", "Microsoft.ML.FastTree", "Sparsh.Trainers", "Sparsh.MLNet"];

    [TestMethod]
    public void TransformsAloneReferencesNoTorchSharpPlottingOrBoosting()
    {
        var transforms = typeof(SparshCatalog).Assembly;
        Assert.AreEqual("Sparsh.Transforms", transforms.GetName().Name);
        var referenced = transforms.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        foreach (string heavy in HeavyAssemblies)
            Assert.IsFalse(referenced.Any(r => r.StartsWith(heavy, StringComparison.OrdinalIgnoreCase)),
                $"Sparsh.Transforms references {heavy}: [{string.Join(", ", referenced)}]");
    }

    [TestMethod]
    public void TheCatalogOfTransformsAloneOffersTheDataSteps()
    {
        var methods = typeof(SparshCatalog).Assembly.GetExportedTypes()
            .Where(t => t.IsDefined(typeof(ExtensionAttribute)))
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
            .Where(m => m.GetParameters() is [var first, ..] && first.ParameterType == typeof(SparshCatalog))
            .Select(m => m.Name)
            .ToHashSet();
        foreach (string name in new[] { "Hand", "LoadFrames", "Frames", "ConvertSparshSkinDataset", "XelaValidity", "XelaWindowing", "KinematicPositions", "XelaNormalization" })
            Assert.Contains(name, methods);
        Assert.DoesNotContain("Simulate", methods, "the simulator adds its own method from Sparsh.Simulation");
    }

    [TestMethod]
    public void RecordingsBecomeNormalisedWindowsThroughTheCatalogWithoutLoadingTorchSharp()
    {
        var mlContext = new MLContext(seed: 1);
        var recordings = new[] { 35, 45 }.Select((frames, r) =>
        {
            var times = Enumerable.Range(0, frames).Select(k => k / 100.0).ToArray();
            var magnetic = Enumerable.Range(0, frames * XelaSkin.ValuesPerFrame).Select(i => 30000f + i % 977).ToArray();
            var joints = Enumerable.Repeat(0.5f, frames * XelaSkin.JointCount).ToArray();
            return new XelaRecording($"rec-{r}", new TimeSeries("magnetic", XelaSkin.ValuesPerFrame, times, magnetic, "counts"),
                new TimeSeries("joints", XelaSkin.JointCount, times, joints, "rad"), skinId: "skin-0");
        }).ToList();

        var frames = mlContext.Sparsh().Frames(recordings);
        var pipeline = mlContext.Sparsh().XelaValidity()
            .Append(mlContext.Sparsh().XelaWindowing(new XelaWindowingOptions { WindowLengthFrames = 10, StrideFrames = 5 }))
            .Append(mlContext.Sparsh().KinematicPositions())
            .Append(mlContext.Sparsh().XelaNormalization());
        var windows = pipeline.Fit(frames).Transform(frames);

        // 35 frames -> window starts 0, 5, ..., 25 (6 windows); 45 frames -> 8 windows.
        var ids = windows.GetColumn<string>(XelaColumnNames.RecordingId).ToArray();
        Assert.AreEqual(6, ids.Count(id => id == "rec-0"));
        Assert.AreEqual(8, ids.Count(id => id == "rec-1"));
        var positions = (VectorDataViewType)windows.Schema[XelaColumnNames.TaxelPositions].Type;
        Assert.AreEqual(10 * XelaSkin.TaxelCount * 3, positions.Size);
        var loaded = AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name!).ToList();
        Assert.IsFalse(loaded.Any(a => a.StartsWith("TorchSharp", StringComparison.OrdinalIgnoreCase)), "TorchSharp was loaded");
    }

    [TestMethod]
    [DataRow(typeof(XelaValidityEstimator))]
    [DataRow(typeof(XelaWindowingEstimator))]
    [DataRow(typeof(KinematicPositionsEstimator))]
    [DataRow(typeof(XelaNormalizationEstimator))]
    public void TheCatalogIsTheWayInToEveryDataStep(Type estimator)
        => Assert.IsEmpty(estimator.GetConstructors(), $"{estimator.Name} has a public constructor; the catalog should be the way in");
}

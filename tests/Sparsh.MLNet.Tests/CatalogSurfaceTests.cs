using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.ML;
using Sparsh.MLNet.Evaluation;
using Sparsh.Trainers.Encoder;

namespace Sparsh.MLNet.Tests;

/// <summary>
/// <c>mlContext.Sparsh()</c> is assembled from four libraries' extension classes, all in namespace <c>Sparsh</c> (one
/// using), and is the way in: every public estimator is created by a catalog method and has no public constructor.
/// </summary>
[TestClass]
public sealed class CatalogSurfaceTests
{
    private static readonly Assembly[] Libraries =
        [typeof(SparshCatalog).Assembly, typeof(SparshSimulationCatalog).Assembly, typeof(SparshSkinEncoderTransformer).Assembly, typeof(MultiOutputRegressionEvaluator).Assembly];

    private static List<MethodInfo> CatalogMethods() => Libraries
        .SelectMany(a => a.GetExportedTypes())
        .Where(t => t.IsDefined(typeof(ExtensionAttribute)))
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
        .Where(m => m.GetParameters() is [var first, ..] && first.ParameterType == typeof(SparshCatalog))
        .ToList();

    [TestMethod]
    public void EveryLibraryAddsItsComponentsInNamespaceSparsh()
    {
        var methods = CatalogMethods();
        var byAssembly = methods.GroupBy(m => m.DeclaringType!.Assembly.GetName().Name!).ToDictionary(g => g.Key, g => g.Select(m => m.Name).ToHashSet());
        CollectionAssert.IsSubsetOf(new[] { "LoadFrames", "Frames", "Hand", "XelaValidity", "XelaWindowing", "KinematicPositions", "XelaNormalization", "ConvertSparshSkinDataset" }, byAssembly["Sparsh.Transforms"].ToArray());
        CollectionAssert.AreEqual(new[] { "Simulate" }, byAssembly["Sparsh.Simulation"].ToArray());
        CollectionAssert.IsSubsetOf(new[] { "Pretrain", "Encoder", "EncoderFromModelZip", "PyTorchEncoderCheckpoint", "EncoderFromPyTorch", "SaveEncoderForPyTorch", "AttentivePoolerRegressor", "TemporalDecoderRegressor", "HissRegressor", "LinearProbe" }, byAssembly["Sparsh.Trainers"].ToArray());
        CollectionAssert.IsSubsetOf(new[] { "Evaluate", "TrainTestSplit", "CrossValidationFolds", "PerOutputRegression", "SampleEfficiencyStudy", "Sweep", "SweepTrial", "SweepReport" }, byAssembly["Sparsh.MLNet"].ToArray());
        var namespaces = methods.Select(m => m.DeclaringType!.Namespace).Distinct().ToList();
        CollectionAssert.AreEqual(new[] { "Sparsh" }, namespaces, "catalog extensions outside namespace Sparsh need another using");
    }

    [TestMethod]
    public void EveryPublicEstimatorComesFromTheCatalogAndHasNoPublicConstructor()
    {
        var made = CatalogMethods().Select(m => m.ReturnType).ToHashSet();
        var estimators = Libraries.SelectMany(a => a.GetExportedTypes())
            .Where(t => !t.IsAbstract && t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEstimator<>)))
            .ToList();
        Assert.IsGreaterThanOrEqualTo(10, estimators.Count, $"found only [{string.Join(", ", estimators.Select(t => t.Name))}]");
        foreach (var estimator in estimators)
        {
            Assert.IsEmpty(estimator.GetConstructors(), $"{estimator.Name} has a public constructor");
            Assert.Contains(estimator, made, $"no catalog method returns {estimator.Name}");
        }
    }
}

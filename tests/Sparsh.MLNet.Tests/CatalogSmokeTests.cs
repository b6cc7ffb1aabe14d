using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Transforms.Core;
using Sparsh.Trainers.LinearProbe;
using Sparsh.Transforms.Validity;
using Sparsh.Transforms.Xela;

namespace Sparsh.MLNet.Tests;

[TestClass]
public sealed class CatalogSmokeTests
{
    private sealed class Row
    {
        [VectorType(XelaSkin.ValuesPerFrame)] public float[] Magnetic { get; set; } = [];
        [VectorType(2)] public float[] Features { get; set; } = [];
        [VectorType(2)] public float[] Label { get; set; } = [];
    }

    private sealed class Prediction
    {
        [VectorType(2)] public float[] Score { get; set; } = [];
        [VectorType(XelaSkin.TaxelCount)] public bool[] Validity { get; set; } = [];
    }

    [TestMethod]
    public void ChainThroughTheCatalogFitsBothLibrariesComponents()
    {
        var mlContext = new MLContext(seed: 1);
        var random = new Random(3);
        var rows = Enumerable.Range(0, 64).Select(_ =>
        {
            float a = (float)random.NextDouble(), b = (float)random.NextDouble();
            var magnetic = Enumerable.Repeat(30000f, XelaSkin.ValuesPerFrame).ToArray();
            magnetic[5] = 65000f; // taxel 1, axis z saturated
            return new Row { Magnetic = magnetic, Features = [a, b], Label = [2 * a - b + 1, 0.5f * b] };
        }).ToList();
        var data = mlContext.Data.LoadFromEnumerable(rows);

        var pipeline = mlContext.Sparsh().XelaValidity()
            .Append(mlContext.Sparsh().LinearProbe(new LinearProbeOptions { L2Regularization = 1e-4 }));
        var model = pipeline.Fit(data);

        var engine = mlContext.Model.CreatePredictionEngine<Row, Prediction>(model);
        var prediction = engine.Predict(new Row { Magnetic = rows[0].Magnetic, Features = [0.5f, 0.5f], Label = [0, 0] });
        Assert.AreEqual(1.5f, prediction.Score[0], 0.05f, "2a - b + 1 at (0.5, 0.5)");
        Assert.AreEqual(0.25f, prediction.Score[1], 0.05f, "0.5 b at (0.5, 0.5)");
        Assert.IsTrue(prediction.Validity[0]);
        Assert.IsFalse(prediction.Validity[1], "taxel 1 has an out-of-range axis");
        Assert.AreEqual(XelaSkin.TaxelCount - 1, prediction.Validity.Count(v => v));
    }

    [TestMethod]
    public void EstimatorChainReportsTheAddedColumnsBeforeFitting()
    {
        var mlContext = new MLContext(seed: 1);
        var data = mlContext.Data.LoadFromEnumerable(new List<Row>());
        var pipeline = mlContext.Sparsh().XelaValidity().Append(mlContext.Sparsh().LinearProbe());
        var shape = pipeline.GetOutputSchema(SchemaShapes.FromSchema(data.Schema));
        CollectionAssert.IsSubsetOf(new[] { "Validity", "Score", "Magnetic" }, shape.Select(c => c.Name).ToArray());
    }

    [TestMethod]
    public void MissingInputColumnIsNamedInTheError()
    {
        var mlContext = new MLContext(seed: 1);
        var data = mlContext.Data.LoadFromEnumerable(new List<Row>());
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            mlContext.Sparsh().XelaValidity(new XelaValidityOptions { InputColumnName = "Flux" }).Fit(data));
        StringAssert.Contains(error.Message, "'Flux'");
    }
}

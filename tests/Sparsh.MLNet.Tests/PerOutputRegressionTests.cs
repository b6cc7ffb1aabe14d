using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.MLNet;
using Sparsh.MLNet.Regression;

namespace Sparsh.MLNet.Tests;

[TestClass]
public sealed class PerOutputRegressionTests
{
    private sealed class Row
    {
        [VectorType(4)] public float[] Embedding { get; set; } = [];
        [VectorType(2)] public float[] Label { get; set; } = [];
    }

    private static List<Row> Rows(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var x = Enumerable.Range(0, 4).Select(_ => (float)random.NextDouble()).ToArray();
            return new Row { Embedding = x, Label = [x[0] > 0.5f ? 2f : 0f, 3 * x[1] - x[2]] };
        }).ToList();
    }

    [TestMethod]
    public void OneStandardTrainerPerOutputGivesAScoreVector()
    {
        var mlContext = new MLContext(seed: 1);
        var train = mlContext.Data.LoadFromEnumerable(Rows(600, 1));
        var test = mlContext.Data.LoadFromEnumerable(Rows(200, 2));
        var estimator = new PerOutputRegressionEstimator(mlContext,
            (label, features) => mlContext.Regression.Trainers.FastTree(label, features, numberOfLeaves: 8, numberOfTrees: 60),
            featureColumnName: "Embedding");
        var model = estimator.Fit(train);

        var metrics = mlContext.Sparsh().Evaluate(model.Transform(test), outputNames: ["step", "linear"]);
        Assert.IsGreaterThan(0.9, metrics.Outputs[0].RSquared, "a step function is easy for trees");
        Assert.IsGreaterThan(0.8, metrics.Outputs[1].RSquared);
        Assert.AreEqual(2, ((VectorDataViewType)model.GetOutputSchema(train.Schema)["Score"].Type).Size);
    }
}

using Microsoft.ML;
using Microsoft.ML.Data;
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

        // Only ML.NET's own transformers are in the fitted chain, so it saves and scores without labels after loading.
        string zip = Path.Combine(Path.GetTempPath(), $"sparsh-per-output-{Guid.NewGuid():N}.zip");
        try
        {
            mlContext.Model.Save(model, train.Schema, zip);
            var loaded = mlContext.Model.Load(zip, out _);
            var features = mlContext.Data.LoadFromEnumerable(Rows(5, 3).Select(r => new Features { Embedding = r.Embedding }));
            var expected = model.Transform(features).GetColumn<float[]>("Score").ToArray();
            var actual = loaded.Transform(features).GetColumn<float[]>("Score").ToArray();
            for (int i = 0; i < expected.Length; i++) CollectionAssert.AreEqual(expected[i], actual[i], $"row {i}");
        }
        finally
        {
            File.Delete(zip);
        }
    }

    private sealed class Features
    {
        [VectorType(4)] public float[] Embedding { get; set; } = [];
    }

    public sealed class Window
    {
        public string RecordingId { get; set; } = "";
        [VectorType(10, 368, 3)] public float[] Magnetic { get; set; } = [];
        [VectorType(10, 368, 3)] public float[] TaxelPositions { get; set; } = [];
        [VectorType(2)] public float[] Label { get; set; } = [];
    }

    [TestMethod]
    public void EncoderEmbeddingFeedsStandardTrainers()
    {
        var mlContext = new MLContext(seed: 1);
        var random = new Random(4);
        var positions = Enumerable.Range(0, 11040).Select(i => 0.001f * (i % 89)).ToArray();
        var windows = Enumerable.Range(0, 60).Select(w =>
        {
            float pressure = (float)random.NextDouble();
            var magnetic = Enumerable.Range(0, 11040).Select(i => (float)(random.NextDouble() * 0.1) + (i % 1104 / 3 < 30 ? 3 * pressure : 0)).ToArray();
            return new Window { RecordingId = $"r{w % 5}", Magnetic = magnetic, TaxelPositions = positions, Label = [pressure, 2 * pressure] };
        }).ToList();
        var data = mlContext.Data.LoadFromEnumerable(windows);
        TorchSharp.torch.random.manual_seed(3);
        var encoder = new Sparsh.Trainers.Encoder.SparshSkinEncoderTransformer(
            new Sparsh.Trainers.Encoder.SparshSkinEncoder(Sparsh.Trainers.Encoder.SparshSkinEncoderConfig.ForSize(Sparsh.Trainers.Encoder.SparshSkinEncoderSize.Micro)),
            new Sparsh.Trainers.Encoder.SparshSkinEncoderColumns { ValidityColumnName = null });
        var embedded = encoder.Transform(data);
        var trees = mlContext.Sparsh().PerOutputRegression(
            (label, features) => mlContext.Regression.Trainers.FastTree(label, features, numberOfLeaves: 4, numberOfTrees: 30, minimumExampleCountPerLeaf: 3),
            featureColumnName: "Embedding").Fit(embedded);
        var metrics = mlContext.Sparsh().Evaluate(trees.Transform(embedded));
        Assert.IsGreaterThan(0.8, metrics.Outputs[0].RSquared, "the pooled embedding carries the pressed area's pressure");
        Assert.IsGreaterThan(0.8, metrics.Outputs[1].RSquared);
    }
}

using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Trainers.LinearProbe;

namespace Sparsh.Trainers.Tests.Onnx;

/// <summary>A fitted linear probe saves into an ML.NET zip as ONNX and scores the same after loading, with ML.NET alone.</summary>
[TestClass]
public sealed class LinearProbePersistenceTests
{
    private const int Outputs = 3;

    public sealed class Row
    {
        // A matrix-shaped feature column: the graph flattens it as the in-memory probe does.
        [VectorType(2, 3)] public float[] Features { get; set; } = [];
        [VectorType(Outputs)] public float[] Label { get; set; } = [];
    }

    private static Row[] Rows(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var x = Enumerable.Range(0, 6).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
            return new Row { Features = x, Label = [2 * x[0] - x[5] + 1, 0.5f * x[3], -x[1] + 3 * x[2]] };
        }).ToArray();
    }

    [TestMethod]
    public void ProbeScoresTheSameAfterSaveAndLoad()
    {
        var mlContext = new MLContext(seed: 1);
        var data = mlContext.Data.LoadFromEnumerable(Rows(64, seed: 5));
        var probe = new LinearProbeEstimator(mlContext, new LinearProbeOptions { L2Regularization = 1e-4 }).Fit(data);
        var expected = probe.Transform(data).GetColumn<float[]>("Score").ToArray();
        // The fit is real: the first output recovers 2 x0 - x5 + 1 closely.
        var labels = data.GetColumn<float[]>("Label").ToArray();
        Assert.IsTrue(expected.Zip(labels).All(p => Math.Abs(p.First[0] - p.Second[0]) < 0.2), "the probe learned the linear map");

        var path = Path.Combine(Path.GetTempPath(), $"sparsh-probe-{Guid.NewGuid():N}.zip");
        try
        {
            mlContext.Model.Save(probe, data.Schema, path);
            var loaded = new MLContext(seed: 2).Model.Load(path, out _);
            Assert.AreEqual("Microsoft.ML.OnnxTransformer", loaded.GetType().Assembly.GetName().Name, "the probe loads as ML.NET's OnnxTransformer");
            var actual = loaded.Transform(data).GetColumn<float[]>("Score").ToArray();
            Assert.AreEqual(expected.Length, actual.Length);
            for (int r = 0; r < expected.Length; r++)
                for (int o = 0; o < Outputs; o++)
                    Assert.AreEqual(expected[r][o], actual[r][o], 1e-4 * Math.Max(1, Math.Abs(expected[r][o])), $"row {r} output {o}");
        }
        finally
        {
            File.Delete(path);
        }
    }
}

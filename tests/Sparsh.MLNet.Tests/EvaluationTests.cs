using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.MLNet.Evaluation;

namespace Sparsh.MLNet.Tests;

[TestClass]
public sealed class EvaluationTests
{
    private sealed class Scored
    {
        [VectorType(2)] public float[] Label { get; set; } = [];
        [VectorType(2)] public float[] Score { get; set; } = [];
    }

    [TestMethod]
    public void MetricsMatchHandComputedValues()
    {
        // Output 0: labels 1,2,3,4; predictions 1,2,3,6 -> errors 0,0,0,2.
        // Output 1: labels 0,0,1,1; predictions 0.5,-0.5,1,1 -> errors 0.5,-0.5,0,0.
        var rows = new[]
        {
            new Scored { Label = [1, 0], Score = [1, 0.5f] },
            new Scored { Label = [2, 0], Score = [2, -0.5f] },
            new Scored { Label = [3, 1], Score = [3, 1] },
            new Scored { Label = [4, 1], Score = [6, 1] },
        };
        var mlContext = new MLContext(seed: 1);
        var metrics = MultiOutputRegressionEvaluator.Evaluate(mlContext.Data.LoadFromEnumerable(rows),
            outputNames: ["Fx", "Fz"], thresholds: [1.0, 0.25]);

        var fx = metrics.Outputs[0];
        Assert.AreEqual("Fx", fx.Name);
        Assert.AreEqual(1.0, fx.RootMeanSquaredError, 1e-12, "sqrt(4/4)");
        Assert.AreEqual(0.5, fx.MeanAbsoluteError, 1e-12);
        Assert.AreEqual(1 - 4.0 / 5.0, fx.RSquared, 1e-12, "SS_tot of 1..4 is 5");
        // r of (1,2,3,4) with (1,2,3,6): cov = 2.75/... computed directly
        double[] y = [1, 2, 3, 4], p = [1, 2, 3, 6];
        double my = y.Average(), mp = p.Average();
        double r = y.Zip(p, (a, b) => (a - my) * (b - mp)).Sum() / Math.Sqrt(y.Sum(a => (a - my) * (a - my)) * p.Sum(b => (b - mp) * (b - mp)));
        Assert.AreEqual(r, fx.PearsonR, 1e-9);
        Assert.AreEqual(0.75, fx.AccuracyWithinThreshold!.Value, 1e-12);

        var fz = metrics.Outputs[1];
        Assert.AreEqual(Math.Sqrt(0.5 / 4), fz.RootMeanSquaredError, 1e-7);
        Assert.AreEqual(1 - 0.5, fz.RSquared, 1e-7, "SS_res 0.5, SS_tot 1");
        Assert.AreEqual(0.5, fz.AccuracyWithinThreshold!.Value, 1e-12);

        Assert.AreEqual((0.5 + 0.5 + 0 + 2) / 4, metrics.MeanEuclideanError, 1e-7);
        Assert.AreEqual(0.25, metrics.AccuracyWithinThresholds!.Value, 1e-12, "only row 3 has both outputs within");
        Assert.AreEqual(4, metrics.RowCount);
        // RMSE / label std per output (std of 1..4 is sqrt(1.25), of 0,0,1,1 is 0.5), then the mean over outputs.
        Assert.AreEqual((1.0 / Math.Sqrt(1.25) + Math.Sqrt(0.5 / 4) / 0.5) / 2, metrics.MeanNormalizedRootMeanSquaredError, 1e-7);

        var frame = metrics.ToDataFrame();
        Assert.AreEqual(2, frame.Rows.Count);
        Assert.AreEqual("Fz", frame["Output"][1]);
        Assert.AreEqual(1.0, (double)frame["RMSE"][0]!, 1e-12);
    }

    [TestMethod]
    public void ConstantLabelsGiveNaNRSquaredNotAnException()
    {
        var metrics = MultiOutputRegressionEvaluator.Compute(new float[] { 1, 1, 1 }, new float[] { 1, 2, 3 }, 1);
        Assert.IsTrue(double.IsNaN(metrics.Outputs[0].RSquared));
        Assert.IsTrue(double.IsNaN(metrics.Outputs[0].PearsonR));
        Assert.IsNull(metrics.AccuracyWithinThresholds);
    }

    [TestMethod]
    public void MismatchedLabelAndScoreWidthsAreNamed()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() =>
            MultiOutputRegressionEvaluator.Compute(new float[] { 1, 2 }, new float[] { 1, 2, 3 }, 1));
        StringAssert.Contains(error.Message, "Labels (2) and predictions (3)");
    }
}

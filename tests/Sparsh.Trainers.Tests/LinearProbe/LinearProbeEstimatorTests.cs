using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Trainers.LinearProbe;

namespace Sparsh.Trainers.Tests.LinearProbe;

[TestClass]
public sealed class LinearProbeEstimatorTests
{
    private sealed class Row
    {
        [VectorType(4)] public float[] Features { get; set; } = [];
        [VectorType(2)] public float[] Label { get; set; } = [];
    }

    // y0 = 3 x0 - 0.5 x2 + 10 (x0 on a scale of hundreds, so the fold back to raw units is exercised); y1 = x1; x3 is constant.
    private sealed class TokenRow
    {
        [VectorType(4, 2)] public float[] Tokens { get; set; } = [];
        [VectorType(1)] public float[] Label { get; set; } = [];
    }

    // Tokens [register + 3 taxels, 2]; the label reads the register's first channel and the mean taxel token's second.
    private static TokenRow[] TokenRows(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var tokens = Enumerable.Range(0, 8).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            float meanTaxel = (tokens[3] + tokens[5] + tokens[7]) / 3;
            return new TokenRow { Tokens = tokens, Label = [2 * tokens[0] + 3 * meanTaxel - 1] };
        }).ToArray();
    }

    private static Row[] Rows(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            float x0 = (float)(random.NextDouble() * 400 + 100), x1 = (float)(random.NextDouble() - 0.5), x2 = (float)(random.NextDouble() * 2);
            return new Row { Features = [x0, x1, x2, 7f], Label = [3 * x0 - 0.5f * x2 + 10, x1] };
        }).ToArray();
    }

    private static LinearProbeTransformer Fit(MLContext mlContext, IEnumerable<Row> rows, double l2Regularization)
        => new LinearProbeEstimator(mlContext, new LinearProbeOptions { L2Regularization = l2Regularization }).Fit(mlContext.Data.LoadFromEnumerable(rows));

    [TestMethod]
    public void ASmallPenaltyRecoversTheLinearMapInRawFeatureUnits()
    {
        var probe = Fit(new MLContext(seed: 1), Rows(50, seed: 3), 1e-9);
        float[] w = [.. probe.Weights];
        Assert.AreEqual(3.0, w[0], 1e-3, "x0 -> y0");
        Assert.AreEqual(0.0, w[1], 1e-3, "x1 -> y0");
        Assert.AreEqual(-0.5, w[2], 1e-2, "x2 -> y0");
        Assert.AreEqual(0f, w[3], "a constant feature gets no weight");
        Assert.AreEqual(1.0, w[4 + 1], 1e-3, "x1 -> y1");
        // Scores are W (x - mean) + Bias: the intercept at x = 0 is Bias - W mean.
        double Intercept(int o) => probe.Bias[o] - Enumerable.Range(0, 4).Sum(c => (double)w[o * 4 + c] * probe.FeatureMean[c]);
        Assert.AreEqual(10.0, Intercept(0), 0.5, "y0's intercept");
        Assert.AreEqual(0.0, Intercept(1), 1e-3, "y1's intercept");
        Assert.AreEqual(7f, probe.FeatureMean[3], "the centre is the training features' mean");
    }

    [TestMethod]
    public void ALargerPenaltyPullsPredictionsTowardsTheLabelMean()
    {
        var mlContext = new MLContext(seed: 1);
        var rows = Rows(40, seed: 4);
        var data = mlContext.Data.LoadFromEnumerable(rows);
        double labelMean = rows.Average(r => r.Label[1]);
        double previousSpread = double.PositiveInfinity;
        foreach (double penalty in new[] { 1e-6, 0.1, 10, 1e6 })
        {
            var scores = Fit(mlContext, rows, penalty).Transform(data).GetColumn<float[]>("Score").Select(s => (double)s[1]).ToArray();
            double spread = Math.Sqrt(scores.Average(s => (s - labelMean) * (s - labelMean)));
            Assert.IsLessThan(previousSpread, spread, $"penalty {penalty}: predictions closer to the mean than with a smaller one");
            Assert.AreEqual(labelMean, scores.Average(), 1e-4, $"penalty {penalty}: the intercept keeps the mean");
            previousSpread = spread;
        }
        Assert.IsLessThan(1e-4, previousSpread, "a huge penalty predicts the label mean");
    }

    [TestMethod]
    public void TheFitIsExactlyRepeatable()
    {
        var rows = Rows(30, seed: 5);
        var first = Fit(new MLContext(seed: 1), rows, 0.01);
        var second = Fit(new MLContext(seed: 2), rows, 0.01);
        CollectionAssert.AreEqual(first.Weights.ToArray(), second.Weights.ToArray(), "no random draws: the context's seed does not matter");
        CollectionAssert.AreEqual(first.Bias.ToArray(), second.Bias.ToArray());
    }

    [TestMethod]
    public void ANonFiniteFeatureIsAnErrorNamingTheColumnAndRow()
    {
        var rows = Rows(10, seed: 6);
        rows[7].Features[2] = float.NaN;
        var error = Assert.ThrowsExactly<InvalidDataException>(() => Fit(new MLContext(seed: 1), rows, 0.01));
        StringAssert.Contains(error.Message, "Column 'Features', row 7: value NaN is not finite");
    }

    [TestMethod]
    public void APooledProbeReadsTheRegisterAndTheMeanTaxelTokenAndSavesLikeAnyProbe()
    {
        var mlContext = new MLContext(seed: 1);
        var rows = TokenRows(60, seed: 7);
        var data = mlContext.Data.LoadFromEnumerable(rows);
        var probe = new LinearProbeEstimator(mlContext, new LinearProbeOptions
        {
            FeatureColumnName = "Tokens", Features = LinearProbeFeatures.RegisterAndMeanTaxelToken, L2Regularization = 1e-9,
        }).Fit(data);

        Assert.AreEqual(8, probe.FeatureCount, "written over all 4 x 2 token values");
        float[] w = [.. probe.Weights];
        Assert.AreEqual(2.0, w[0], 1e-3, "register, channel 0");
        Assert.AreEqual(0.0, w[1], 1e-3, "register, channel 1");
        for (int taxel = 1; taxel < 4; taxel++)
        {
            Assert.AreEqual(0.0, w[taxel * 2], 1e-3, $"taxel {taxel}, channel 0");
            Assert.AreEqual(1.0, w[taxel * 2 + 1], 1e-3, $"taxel {taxel}, channel 1: 3 / 3 taxels");
        }
        ScoresTheLabelsAndSavesLikeInMemory(mlContext, probe, data, rows.Select(r => r.Label[0]).ToArray());
    }

    [TestMethod]
    public void PoolingAColumnThatIsNotATokenGridIsAnErrorNamingIt()
    {
        var mlContext = new MLContext(seed: 1);
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => new LinearProbeEstimator(mlContext,
            new LinearProbeOptions { Features = LinearProbeFeatures.RegisterAndMeanTaxelToken }).Fit(mlContext.Data.LoadFromEnumerable(Rows(5, seed: 1))));
        StringAssert.Contains(error.Message, "Column 'Features'");
        StringAssert.Contains(error.Message, "[1 + taxels, D]");
    }

    // Windows [3 frames, 2 values]; the label reads the frame mean of value 0 only (value 1 is noise around a frame-varying drift).
    private sealed class WindowRow
    {
        [VectorType(3, 2)] public float[] Window { get; set; } = [];
        [VectorType(1)] public float[] Label { get; set; } = [];
    }

    [TestMethod]
    public void AFrameMeanProbeReadsTheMeanOverFramesAndSavesLikeAnyProbe()
    {
        var mlContext = new MLContext(seed: 1);
        var random = new Random(5);
        var rows = Enumerable.Range(0, 50).Select(_ =>
        {
            var window = Enumerable.Range(0, 6).Select(i => (float)(random.NextDouble() * 2 - 1 + (i / 2 == 1 ? 0.5 : 0))).ToArray();
            float mean0 = (window[0] + window[2] + window[4]) / 3;
            return new WindowRow { Window = window, Label = [4 * mean0 + 2] };
        }).ToArray();
        var data = mlContext.Data.LoadFromEnumerable(rows);
        var probe = new LinearProbeEstimator(mlContext, new LinearProbeOptions
        {
            FeatureColumnName = "Window", Features = LinearProbeFeatures.FrameMean, L2Regularization = 1e-9,
        }).Fit(data);

        Assert.AreEqual(6, probe.FeatureCount, "written over all 3 x 2 window values");
        float[] w = [.. probe.Weights];
        for (int frame = 0; frame < 3; frame++)
        {
            Assert.AreEqual(4.0 / 3, w[frame * 2], 1e-3, $"frame {frame}, value 0: 4 / 3 frames");
            Assert.AreEqual(0.0, w[frame * 2 + 1], 1e-3, $"frame {frame}, value 1");
        }
        ScoresTheLabelsAndSavesLikeInMemory(mlContext, probe, data, rows.Select(r => r.Label[0]).ToArray());

        var flat = Assert.ThrowsExactly<InvalidOperationException>(() => new LinearProbeEstimator(mlContext,
            new LinearProbeOptions { Features = LinearProbeFeatures.FrameMean }).Fit(mlContext.Data.LoadFromEnumerable(Rows(5, seed: 1))));
        StringAssert.Contains(flat.Message, "Column 'Features': FrameMean needs windows [frames, ...]");
    }

    // The probe reproduces a label it can read exactly, and its saved graph scores as it does in memory.
    private static void ScoresTheLabelsAndSavesLikeInMemory(MLContext mlContext, LinearProbeTransformer probe, IDataView data, float[] labels)
    {
        var scores = probe.Transform(data).GetColumn<float[]>("Score").ToArray();
        for (int r = 0; r < labels.Length; r++)
            Assert.AreEqual(labels[r], scores[r][0], 1e-3, $"row {r}");

        string path = Path.Combine(Path.GetTempPath(), $"sparsh-probe-{Guid.NewGuid():N}.zip");
        try
        {
            mlContext.Model.Save(probe, data.Schema, path);
            var loaded = new MLContext(seed: 2).Model.Load(path, out _).Transform(data).GetColumn<float[]>("Score").ToArray();
            for (int r = 0; r < labels.Length; r++)
                Assert.AreEqual(scores[r][0], loaded[r][0], 1e-5, $"row {r}: the saved graph scores as in memory");
        }
        finally
        {
            File.Delete(path);
        }
    }
}

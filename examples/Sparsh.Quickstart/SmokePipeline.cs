using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.MLNet;
using Sparsh.Trainers.LinearProbe;
using Sparsh.Transforms.Xela;

namespace Sparsh.Quickstart;

/// <summary>
/// Plumbing check through every layer: validity masking (Sparsh.Transforms) and a TorchSharp probe
/// (Sparsh.Trainers) chained through mlContext.Sparsh() (Sparsh.MLNet) on synthetic frames whose
/// "force" is a known linear function of the z flux of a few taxels.
/// </summary>
public static class SmokePipeline
{
    public sealed class Frame
    {
        [VectorType(XelaSkin.ValuesPerFrame)] public float[] Magnetic { get; set; } = [];
        [VectorType(4)] public float[] Features { get; set; } = [];
        [VectorType(1)] public float[] Label { get; set; } = [];
    }

    public sealed class Prediction
    {
        [VectorType(1)] public float[] Score { get; set; } = [];
    }

    /// <summary>Fits the chain and returns the RMSE of the probe on held-out frames (newtons).</summary>
    public static double Run(int frames, int seed, Action<string> report)
    {
        var mlContext = new MLContext(seed);
        var random = new Random(seed);
        var rows = Enumerable.Range(0, frames).Select(_ => SyntheticFrame(random)).ToList();
        var split = mlContext.Data.TrainTestSplit(mlContext.Data.LoadFromEnumerable(rows), testFraction: 0.25, seed: seed);
        report($"{frames} synthetic frames, {XelaSkin.TaxelCount} taxels x {XelaSkin.AxisCount} axes");

        var pipeline = mlContext.Sparsh().XelaValidity()
            .Append(mlContext.Sparsh().LinearProbe(new LinearProbeOptions { Epochs = 300, LearningRate = 0.05, Seed = seed }));
        var model = pipeline.Fit(split.TrainSet);
        report("fitted XelaValidity -> LinearProbe (TorchSharp AdamW)");

        var predictions = mlContext.Data.CreateEnumerable<Prediction>(model.Transform(split.TestSet), reuseRowObject: false).ToList();
        var truth = mlContext.Data.CreateEnumerable<Frame>(split.TestSet, reuseRowObject: false).ToList();
        double rmse = Math.Sqrt(predictions.Zip(truth, (p, t) => Math.Pow(p.Score[0] - t.Label[0], 2)).Average());
        report($"held-out RMSE {rmse:F3} N on {truth.Count} frames");
        return rmse;
    }

    private static Frame SyntheticFrame(Random random)
    {
        var features = Enumerable.Range(0, 4).Select(_ => (float)random.NextDouble()).ToArray();
        var magnetic = Enumerable.Range(0, XelaSkin.ValuesPerFrame).Select(_ => 30000f + (float)random.NextDouble() * 50).ToArray();
        float force = 3 * features[0] - features[1] + 0.5f * features[3];
        return new Frame { Magnetic = magnetic, Features = features, Label = [force] };
    }
}

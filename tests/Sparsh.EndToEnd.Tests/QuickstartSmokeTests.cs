using Sparsh.Transforms.Core;
using Sparsh.MLNet.Preparation;
using Microsoft.ML;
using Sparsh.Scoring.Force;
using Sparsh.Quickstart;
using Sparsh.MLNet.Studies;

namespace Sparsh.EndToEnd.Tests;

/// <summary>The README's main job in its smoke size: every step runs, every figure and the model zip are written.</summary>
[TestClass]
public sealed class QuickstartSmokeTests
{
    [TestMethod]
    public void SmokeRunWritesTheReportTheZipAndScoresLikeAnApp()
    {
        string output = Directory.CreateTempSubdirectory("sparsh-quickstart-").FullName;
        var steps = new HashSet<string>();
        try
        {
            var options = QuickstartOptions.Smoke with { OutputDirectory = output };
            var result = new QuickstartRun(options, new SynchronousProgress<StepProgress>(p => steps.Add(p.Step))).Run();

            var study = result.Study;
            Assert.HasCount(16, study.Selected.ToList(), "four modes x two budgets x two seeds");
            CollectionAssert.AreEquivalent(options.Modes.ToArray(), study.Selected.Select(f => f.Mode).Distinct().ToArray());
            Assert.IsTrue(study.Selected.All(f => f.Test.Outputs.All(o => double.IsFinite(o.RootMeanSquaredError))), "every decoder is evaluated");
            Assert.IsTrue(study.Selected.Where(f => f.BudgetRecordings == 1).All(f => f.TrainingWindows < study.Selected.Where(g => g.BudgetRecordings == 2).Max(g => g.TrainingWindows)),
                "the small budget trains on fewer windows");
            // The shipped model is the run with the lowest validation score, of any mode, never chosen on test.
            var best = study.BestRun!;
            Assert.AreEqual(study.Selected.Min(r => r.ValidationNormalizedRmse), best.ValidationNormalizedRmse);

            Assert.IsTrue(File.Exists(result.ModelPath));
            Assert.AreEqual(options.AppWindows, result.AppPredictions.Count);
            Assert.IsTrue(result.AppPredictions.All(p => p.Predicted.Length == 3 && p.Predicted.All(float.IsFinite)), "the reloaded zip predicts force [3]");
            AppReproducesTheShippedDecodersTestResults(result, options);

            string report = File.ReadAllText(result.ReportPath);
            foreach (string figure in new[] { "pretraining_loss.png", "pretraining_probe.png", "force_predicted_vs_true.png", "rmse_vs_budget.png", "validation_vs_steps.png", "hand_map.png" })
            {
                StringAssert.Contains(report, $"({figure})");
                Assert.IsTrue(File.Exists(Path.Combine(Path.GetDirectoryName(result.ReportPath)!, figure)), figure);
            }
            StringAssert.Contains(report, "| Frozen |");
            StringAssert.Contains(report, "| LinearProbe |");
            StringAssert.Contains(report, $"Shipped: **{best.Mode}**");
            Assert.IsTrue(steps.Any(s => s.StartsWith("Pretraining", StringComparison.Ordinal)), "pretraining reports progress");
            StringAssert.Contains(report, "Online probe at the last step: force");
            StringAssert.Contains(report, ", pose ");
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [TestMethod]
    public void AShippedSignalProbeScoresInTheAppLikeInTheStudy()
    {
        // The signal probe reads no encoder: its zip is the data steps and one affine map, and the app must score it too.
        string output = Directory.CreateTempSubdirectory("sparsh-quickstart-signal-").FullName;
        try
        {
            var options = QuickstartOptions.Smoke with { OutputDirectory = output, Modes = [SampleEfficiencyMode.SignalProbe], Objective = Sparsh.Trainers.Pretraining.SparshPretrainingObjective.None };
            var result = new QuickstartRun(options, new SynchronousProgress<StepProgress>(_ => { })).Run();
            Assert.AreEqual(SampleEfficiencyMode.SignalProbe, result.Study.BestRun!.Mode);
            AppReproducesTheShippedDecodersTestResults(result, options);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    /// <summary>The app scores the held-out windows the Quickstart wrote exactly as the Quickstart evaluated its shipped decoder.</summary>
    private static void AppReproducesTheShippedDecodersTestResults(QuickstartResult result, QuickstartOptions options)
    {
        var app = new MLContext();
        using var model = ForceModel.Load(result.ModelPath, app);
        var windows = ForceTestSet.Load(app, result.TestWindowsPath);
        var predictions = windows.Select(model.Predict).ToList();

        var shipped = result.Study.BestRun!;
        Assert.HasCount(result.ShippedTruth.Length / 3, windows, "every held-out window is in the file");
        CollectionAssert.AreEqual(result.ShippedTruth, windows.SelectMany(w => w.ForceNewtons).ToArray(), "the file holds the evaluated windows, in order");
        var predicted = predictions.SelectMany(p => p.ForceNewtons).ToArray();
        // Within 1e-4 of the force's scale: ONNX Runtime and TorchSharp sum in different orders, so a tolerance relative to
        // each value is too tight near 0. A shipped linear probe also passes on the two runtimes' disagreement about the
        // embedding (float32 rounding, ~1e-6 of the layer-normed O(1) values) weighed by its raw coefficients, so for a probe
        // the bound adds that propagated difference, 1e-6 x sum |W|, per output (zero for the decoders).
        double scale = Math.Max(1, result.ShippedTruth.Max(v => Math.Abs(v)));
        double[] propagated = ProbeWeightSums(result.Study.BestModel).Select(w => 1e-6 * w).ToArray();
        for (int i = 0; i < predicted.Length; i++)
            Assert.AreEqual(result.ShippedPredictions[i], predicted[i], Math.Max(1e-4 * Math.Abs(result.ShippedPredictions[i]), 1e-4 * scale + propagated[i % 3]),
                $"window {i / 3} axis {i % 3}: app (zip, ONNX Runtime) vs Quickstart evaluation (in memory, TorchSharp)");

        var metrics = ForceTestSet.Evaluate(app, windows.Select(w => w.ForceNewtons).ToList(), predictions.Select(p => p.ForceNewtons).ToList());
        for (int axis = 0; axis < 3; axis++)
        {
            double expected = shipped.Test.Outputs[axis].RootMeanSquaredError;
            Assert.AreEqual(expected, metrics[axis].RootMeanSquaredError, 1e-4 * expected + 1e-6, $"{ForceTestSet.Axes[axis]} RMSE, app vs Quickstart");
        }
        Console.WriteLine($"app over {windows.Count} held-out windows: RMSE {string.Join(", ", metrics.Select(m => m.RootMeanSquaredError.ToString("F3")))} N; " +
                          $"windows with masked taxels {predictions.Count(p => p.MaskedTaxels > 0)}, most masked {predictions.Max(p => p.MaskedTaxels)}");
    }

    /// <summary>Per output, sum |weights| of a shipped probe (its scores are W (x - mean) + b), behind an encoder or alone; zeros for a decoder.</summary>
    private static double[] ProbeWeightSums(Microsoft.ML.ITransformer? model)
    {
        var probe = model as Sparsh.Trainers.LinearProbe.LinearProbeTransformer
            ?? (model as Microsoft.ML.Data.TransformerChain<Microsoft.ML.ITransformer>)?.LastTransformer as Sparsh.Trainers.LinearProbe.LinearProbeTransformer;
        if (probe is null) return new double[3];
        int width = probe.FeatureCount;
        return [.. Enumerable.Range(0, probe.Bias.Count).Select(o => Enumerable.Range(0, width).Sum(c => Math.Abs((double)probe.Weights[o * width + c])))];
    }
}

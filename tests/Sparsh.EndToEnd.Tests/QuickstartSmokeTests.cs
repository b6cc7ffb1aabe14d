using Microsoft.ML;
using Sparsh.ForceScoringApp;
using Sparsh.Quickstart;
using Sparsh.Trainers.Decoders;

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

            Assert.AreEqual(6, result.Force.Count, "three modes at two budgets");
            CollectionAssert.AreEquivalent(new[] { DecoderMode.Frozen, DecoderMode.FineTune, DecoderMode.EndToEnd }, result.Force.Select(f => f.Mode).Distinct().ToArray());
            Assert.IsTrue(result.Force.All(f => f.Test.Outputs.All(o => double.IsFinite(o.RootMeanSquaredError))), "every decoder is evaluated");
            Assert.IsTrue(result.Force.Where(f => f.Budget < 1).All(f => f.TrainingRecordings < result.Force.Where(g => g.Budget == 1).Max(g => g.TrainingRecordings)),
                "the small budget trains on fewer recordings");

            Assert.IsTrue(File.Exists(result.ModelPath));
            Assert.AreEqual(options.AppWindows, result.AppPredictions.Count);
            Assert.IsTrue(result.AppPredictions.All(p => p.Predicted.Length == 3 && p.Predicted.All(float.IsFinite)), "the reloaded zip predicts force [3]");
            AppReproducesTheShippedDecodersTestResults(result, options);

            string report = File.ReadAllText(result.ReportPath);
            foreach (string figure in new[] { "pretraining_loss.png", "force_predicted_vs_true.png", "rmse_vs_budget.png", "hand_map.png" })
            {
                StringAssert.Contains(report, $"({figure})");
                Assert.IsTrue(File.Exists(Path.Combine(Path.GetDirectoryName(result.ReportPath)!, figure)), figure);
            }
            StringAssert.Contains(report, "| Frozen |");
            Assert.IsTrue(steps.Any(s => s.StartsWith("Pretraining", StringComparison.Ordinal)), "pretraining reports progress");
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

        var shipped = result.Force.Single(f => f.Mode == DecoderMode.Frozen && f.Budget == options.Budgets.Max());
        Assert.HasCount(shipped.Truth.Length / 3, windows, "every held-out window is in the file");
        CollectionAssert.AreEqual(shipped.Truth, windows.SelectMany(w => w.ForceNewtons).ToArray(), "the file holds the evaluated windows, in order");
        var predicted = predictions.SelectMany(p => p.ForceNewtons).ToArray();
        for (int i = 0; i < predicted.Length; i++)
            Assert.AreEqual(shipped.Predictions[i], predicted[i], Math.Max(1e-4 * Math.Abs(shipped.Predictions[i]), 1e-5),
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
}

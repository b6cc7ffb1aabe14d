using Sparsh.PoseTracking;
using Sparsh.Trainers.Decoders;

namespace Sparsh.EndToEnd.Tests;

/// <summary>The pose acceptance run (temporal decoder, three modes, two budgets) in its smoke size.</summary>
[TestClass]
public sealed class PoseTrackingSmokeTests
{
    [TestMethod]
    public void SmokeRunComparesEveryModeAtEveryBudgetAndWritesTheReport()
    {
        string output = Directory.CreateTempSubdirectory("sparsh-pose-").FullName;
        try
        {
            var options = PoseTrackingOptions.Smoke with { OutputDirectory = output };
            var messages = new List<string>();
            var (reportPath, results) = new PoseTrackingRun(options, messages.Add).Run();

            Assert.AreEqual(6, results.Count, "three modes at two budgets");
            CollectionAssert.AreEquivalent(new[] { DecoderMode.Frozen, DecoderMode.FineTune, DecoderMode.EndToEnd }, results.Select(r => r.Mode).Distinct().ToArray());
            Assert.AreEqual(1, results.Where(r => r.Budget < 1).Select(r => r.TrainingRecordings).Distinct().Single(), "3.3 % of a few recordings is one recording");
            Assert.IsGreaterThan(1, results.Where(r => r.Budget == 1).Select(r => r.TrainingRecordings).Distinct().Single());
            foreach (var r in results)
            {
                Assert.AreEqual(3, r.Test.Outputs.Count, $"{r.Mode}: Tx, Ty, theta");
                Assert.IsTrue(r.Test.Outputs.All(o => double.IsFinite(o.RootMeanSquaredError)), $"{r.Mode} at {r.Budget}: finite RMSE");
                Assert.IsTrue(r.Test.AccuracyWithinThresholds is >= 0 and <= 1, $"{r.Mode} at {r.Budget}: pose accuracy");
                Assert.AreEqual(r.Truth.Length, r.Predictions.Length);
                Assert.IsTrue(r.Predictions.All(float.IsFinite));
            }
            // Frozen, FineTune and EndToEnd really are different models: their predictions differ on the same test windows.
            var full = results.Where(r => r.Budget == 1).ToArray();
            Assert.IsFalse(full[0].Predictions.SequenceEqual(full[1].Predictions) || full[1].Predictions.SequenceEqual(full[2].Predictions));

            string report = File.ReadAllText(reportPath);
            foreach (string figure in new[] { "translation_rmse_vs_budget.png", "accuracy_vs_budget.png", "pose_translation.png", "pose_rotation.png", "pose_training.png" })
            {
                StringAssert.Contains(report, $"({figure})");
                Assert.IsGreaterThan(1000L, new FileInfo(Path.Combine(Path.GetDirectoryName(reportPath)!, figure)).Length, figure);
            }
            StringAssert.Contains(report, "| FineTune |");
            Assert.IsTrue(messages.Any(m => m.Contains("epoch 2/2", StringComparison.Ordinal)), "one recording (3 sequences, one batch) takes 2 epochs for 2 steps");
            Assert.IsTrue(messages.Any(m => m.Contains("epoch 1/1", StringComparison.Ordinal)), "the full budget reaches 2 steps in one epoch");
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}

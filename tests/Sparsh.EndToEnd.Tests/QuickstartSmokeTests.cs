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
}

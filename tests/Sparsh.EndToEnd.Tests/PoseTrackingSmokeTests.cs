using Sparsh.PoseTracking;
using Sparsh.MLNet.Studies;

namespace Sparsh.EndToEnd.Tests;

/// <summary>The pose study (temporal decoder, three modes, two budgets) in its smoke size.</summary>
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
            var (reportPath, study) = new PoseTrackingRun(options, messages.Add).Run();

            Assert.HasCount(6, study.Selected.ToList(), "three modes at two budgets, one seed");
            CollectionAssert.AreEquivalent(new[] { SampleEfficiencyMode.Frozen, SampleEfficiencyMode.FineTune, SampleEfficiencyMode.EndToEnd },
                study.Selected.Select(r => r.Mode).Distinct().ToArray());
            foreach (var r in study.Selected)
            {
                Assert.AreEqual(3, r.Test.Outputs.Count, $"{r.Mode}: Tx, Ty, theta");
                Assert.IsTrue(r.Test.Outputs.All(o => double.IsFinite(o.RootMeanSquaredError)), $"{r.Mode} at {r.BudgetRecordings}: finite RMSE");
                Assert.IsTrue(r.Test.AccuracyWithinThresholds is >= 0 and <= 1, $"{r.Mode} at {r.BudgetRecordings}: pose accuracy");
                Assert.IsTrue(double.IsFinite(r.ValidationNormalizedRmse), $"{r.Mode} at {r.BudgetRecordings}: scored on the validation recordings");
                Assert.IsTrue(double.IsFinite(r.History.Epochs[^1].ValidationRmse), "the last epoch is validated on the fixed validation recordings");
            }
            // Frozen, FineTune and EndToEnd really are different models: their test errors differ.
            var full = study.Selected.Where(r => r.BudgetRecordings == 2).Select(r => r.TestMeanRmse).ToArray();
            Assert.HasCount(3, full.Distinct().ToArray());

            string report = File.ReadAllText(reportPath);
            foreach (string figure in new[] { "error_vs_budget.png", "validation_vs_steps.png", "pose_translation.png", "pose_rotation.png" })
            {
                StringAssert.Contains(report, $"({figure})");
                Assert.IsGreaterThan(1000L, new FileInfo(Path.Combine(Path.GetDirectoryName(reportPath)!, figure)).Length, figure);
            }
            StringAssert.Contains(report, "| FineTune |");
            StringAssert.Contains(report, "test R2 (Tx / Ty / theta)");
            Assert.IsTrue(messages.Any(m => m.Contains("epoch 2/2", StringComparison.Ordinal)), "one recording (3 sequences, one batch) takes 2 epochs for 2 steps");

            // The best model on validation ships as a tracking zip whose row is the training sequence length.
            using var shipped = Sparsh.Scoring.Tracking.TrackingModel.Load(Path.Combine(output, PoseTrackingRun.ModelFileName));
            Assert.AreEqual(options.SequenceLengthWindows, shipped.WindowsPerRow);
            Assert.AreEqual(3, shipped.OutputCount, "Tx, Ty, theta");
            using var streamed = Sparsh.Scoring.Tracking.TrackingModel.Load(Path.Combine(output, PoseTrackingRun.StreamModelFileName));
            Assert.IsTrue(streamed.IsStreamForm);
            Assert.AreEqual(options.SequenceLengthWindows, streamed.WindowsPerRow);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [TestMethod]
    public void TheLinearProbeIsMeasuredOnPoseButNeverShippedAsATrackingModel()
    {
        // The probe reads one window, not the sequence a tracking zip is saved for: in a temporal study it is an instrument.
        string output = Directory.CreateTempSubdirectory("sparsh-pose-probe-").FullName;
        try
        {
            var options = PoseTrackingOptions.Smoke with { OutputDirectory = output, Modes = [SampleEfficiencyMode.LinearProbe] };
            var (reportPath, study) = new PoseTrackingRun(options, _ => { }).Run();

            Assert.HasCount(2, study.Selected.ToList(), "the probe at two budgets");
            Assert.IsTrue(study.Selected.All(r => r.Test.Outputs.Count == 3 && r.Test.Outputs.All(o => double.IsFinite(o.RootMeanSquaredError))));
            Assert.IsNull(study.BestRun, "nothing that ships was run");
            Assert.IsFalse(File.Exists(Path.Combine(output, PoseTrackingRun.ModelFileName)), "no tracking zip from a per-window probe");
            Assert.IsTrue(File.Exists(reportPath));
            Assert.IsTrue(File.Exists(Path.Combine(output, "report", SampleEfficiencyResult.SummaryFileName)), "the study's CSVs are written");
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}

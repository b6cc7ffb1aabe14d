using Sparsh.MLNet.Studies;
using Sparsh.PoseTracking;

namespace Sparsh.EndToEnd.Tests;

/// <summary>The tracking example on the joystick task (temporal decoder and the HiSS baseline) in its smoke size.</summary>
[TestClass]
public sealed class JoystickTrackingSmokeTests
{
    [TestMethod]
    public void SmokeRunTracksTheJoystickWithTanhOutputsComparesHissAndReportsRmsePerAxis()
    {
        string output = Directory.CreateTempSubdirectory("sparsh-joystick-").FullName;
        try
        {
            var options = PoseTrackingOptions.Smoke with
            {
                OutputDirectory = output, Task = TrackingTask.Joystick,
                Modes = [SampleEfficiencyMode.Frozen, SampleEfficiencyMode.EndToEnd, SampleEfficiencyMode.Hiss],
            };
            var (reportPath, study) = new PoseTrackingRun(options, _ => { }).Run();

            Assert.HasCount(6, study.Selected.ToList(), "three modes at two budgets, one seed");
            foreach (var r in study.Selected)
            {
                CollectionAssert.AreEqual(new[] { "x", "y", "z" }, r.Test.Outputs.Select(o => o.Name).ToArray(), $"{r.Mode}: the joystick's axes");
                Assert.IsTrue(r.Test.Outputs.All(o => double.IsFinite(o.RootMeanSquaredError) && o.RootMeanSquaredError < 2),
                    $"{r.Mode} at {r.BudgetRecordings}: an RMSE per axis, below the width of [-1, 1]");
            }
            Assert.AreNotEqual(SampleEfficiencyMode.Hiss, study.BestRun!.Mode, "the shipped model is a Sparsh-skin decoder, not the baseline");
            CollectionAssert.AreEqual(TrackingTask.Joystick.Activations!.ToArray(), study.Options.OutputActivations!.ToArray(), "tanh outputs keep estimates in [-1, 1]");

            string report = File.ReadAllText(reportPath);
            StringAssert.Contains(report, "RMSE x");
            StringAssert.Contains(report, "RMSE z");
            StringAssert.Contains(report, "| Hiss |");
            StringAssert.Contains(report, "(joystick_axes.png)");
            Assert.IsGreaterThan(1000L, new FileInfo(Path.Combine(Path.GetDirectoryName(reportPath)!, "joystick_axes.png")).Length);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}

using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Simulation.Datasets;
using Sparsh.Simulation.Scenarios;
using Sparsh.Transforms.Windowing;

namespace Sparsh.MLNet.Tests;

[TestClass]
public sealed class SimulationCatalogTests
{
    [TestMethod]
    public void SimulatedForceProbingReadsBackAsLabelledWindows()
    {
        string root = Directory.CreateTempSubdirectory("sparsh-sim-").FullName;
        try
        {
            var mlContext = new MLContext(seed: 1);
            var options = new SimulatedDatasetOptions
            {
                Tasks = [ForceProbingScenario.TaskName], RecordingsPerTask = 2, SkinCount = 2, Seed = 4,
                Scenario = new ScenarioOptions { DurationSeconds = 3 },
            };
            var manifest = mlContext.Sparsh().Simulate(root, options);
            Assert.AreEqual(2, manifest.Recordings.Count);
            CollectionAssert.AreEquivalent(new[] { "sim-skin-00", "sim-skin-01" }, manifest.Recordings.Select(r => r.SkinId).ToArray());

            var frames = mlContext.Sparsh().LoadFrames(root, ForceProbingScenario.TaskName);
            var windows = mlContext.Sparsh().XelaWindowing(new XelaWindowingOptions { LabelColumnNames = ["force"] }).Fit(frames).Transform(frames);
            var forces = windows.GetColumn<float[]>("force").ToArray();
            Assert.IsGreaterThan(40, forces.Length, "about 2 x 29 windows of 0.1 s");
            float minimum = forces.Min(f => f[2]);
            Assert.IsTrue(forces.All(f => f.Length == 3), "force has three components");
            Assert.IsGreaterThan(-0.02f, minimum, "normal force is not negative beyond the cubic spline's small undershoot at press onsets");
            Assert.IsTrue(forces.Any(f => f[2] > 0.1f), "some windows end during a press");
            Assert.ThrowsExactly<ArgumentException>(() => mlContext.Sparsh().LoadFrames(root, "joystick"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}

using System.Diagnostics;
using Sparsh.Transforms.Simulation;
using Sparsh.Transforms.Tests.Recordings;

namespace Sparsh.Transforms.Tests.Simulation;

[TestClass]
public sealed class ScenarioSpeedTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void GeneratorsRunFasterThanRealTime()
    {
        var skin = SkinProfile.Generate("speed-skin", 1, ScenarioFixture.Hand.TaxelCount);
        const double seconds = 10;
        foreach (var task in SimulatedDatasetWriter.Tasks)
        {
            // Warm up by wall time too, so tiered compilation has promoted the hot loops.
            var warmUp = Stopwatch.StartNew();
            while (warmUp.Elapsed.TotalSeconds < 1.0)
                SimulatedDatasetWriter.CreateGenerator(task, ScenarioFixture.Short(2)).Generate(skin, seed: 1);
            var generator = SimulatedDatasetWriter.CreateGenerator(task, ScenarioFixture.Short(seconds));
            long start = Stopwatch.GetTimestamp();
            var recording = generator.Generate(skin, seed: 2);
            var elapsed = Stopwatch.GetElapsedTime(start);
            double speed = seconds / elapsed.TotalSeconds;

            using var folder = new TempDirectory();
            start = Stopwatch.GetTimestamp();
            recording.Save(folder.Path);
            var saving = Stopwatch.GetElapsedTime(start);
            TestContext.WriteLine($"{task}: {speed * 100:F0} frames/s ({speed:F0}x real time) on one thread, kinematics and joint stream included; saving {seconds} s took {saving.TotalSeconds:F2} s");
            // The Release target is 100x real time; Debug on shared CI cores is several times slower.
            Assert.IsGreaterThan(5.0, speed, $"{task} real-time factor");
        }
    }
}

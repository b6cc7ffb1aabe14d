using System.Diagnostics;
using Sparsh.Simulation.Datasets;
using Sparsh.Simulation.Nuisances;
using Sparsh.Simulation.Scenarios;
using Sparsh.Transforms.Recordings;

namespace Sparsh.Simulation.Tests;

/// <summary>Simulator settings that would exhaust memory are refused at construction, naming the setting and the bound.</summary>
[TestClass]
public sealed class SimulationBoundsTests
{
    private static ArgumentOutOfRangeException Refused(Action action)
    {
        long start = Stopwatch.GetTimestamp();
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(action);
        Assert.IsLessThan(1.0, Stopwatch.GetElapsedTime(start).TotalSeconds, "refused before any large allocation");
        return error;
    }

    [TestMethod]
    [DataRow(1e9)]
    [DataRow(double.MaxValue)]
    [DataRow(double.PositiveInfinity)]
    [DataRow(-1.0)]
    public void HugeOrInvalidDurationIsRefusedNamingDurationSeconds(double seconds)
    {
        var error = Refused(() => new PlayScenario(new ScenarioOptions { DurationSeconds = seconds }));

        StringAssert.Contains(error.Message, "DurationSeconds");
        StringAssert.Contains(error.Message, ScenarioOptions.MaxDurationSeconds.ToString());
    }

    [TestMethod]
    public void DurationWithMoreFramesThanARecordingHoldsIsRefused()
    {
        // Under a day, but 8.6 million frames at 100 Hz: more than one recording's magnetic array holds.
        var error = Refused(() => new PlayScenario(new ScenarioOptions { DurationSeconds = 86_000 }));

        StringAssert.Contains(error.Message, "DurationSeconds 86000");
        StringAssert.Contains(error.Message, XelaRecording.MaxMagneticFrames.ToString());
    }

    [TestMethod]
    [DataRow(1e9)]
    [DataRow(double.NaN)]
    public void HugeFrameRateIsRefusedNamingFrameRateHz(double rate)
    {
        var options = new ScenarioOptions { DurationSeconds = 1, Physics = new SkinSimulatorOptions { FrameRateHz = rate } };

        var error = Refused(() => new ForceProbingScenario(options));

        StringAssert.Contains(error.Message, "FrameRateHz");
        StringAssert.Contains(error.Message, SkinSimulatorOptions.MaxFrameRateHz.ToString());
    }

    [TestMethod]
    public void HugeJointRateIsRefusedNamingTheStream()
    {
        var options = new ScenarioOptions { DurationSeconds = 1, JointTiming = new StreamTimingOptions { RateHz = 1e12 } };

        var error = Refused(() => new PlayScenario(options));

        StringAssert.Contains(error.Message, "stream 'joints'");
        StringAssert.Contains(error.Message, "RateHz");
    }

    [TestMethod]
    public void InvalidDropProbabilityIsRefused()
    {
        var error = Refused(() => new StreamClock(new StreamTimingOptions { DropProbability = 2 }));

        StringAssert.Contains(error.Message, "DropProbability");
    }

    [TestMethod]
    public void HugeTaskDurationInADataSetIsRefused()
    {
        var options = new SimulatedDatasetOptions { TaskDurationSeconds = new Dictionary<string, double> { ["play"] = 1e12 } };

        var error = Refused(() => new SimulatedDatasetWriter(options));

        StringAssert.Contains(error.Message, "DurationSeconds");
    }

    [TestMethod]
    public void HugeCountsInADataSetAreRefused()
    {
        var skins = Refused(() => new SimulatedDatasetWriter(new SimulatedDatasetOptions { SkinCount = int.MaxValue }));
        StringAssert.Contains(skins.Message, "SkinCount");
        StringAssert.Contains(skins.Message, SimulatedDatasetOptions.MaxSkinCount.ToString());

        var recordings = Refused(() => new SimulatedDatasetWriter(new SimulatedDatasetOptions { RecordingsPerTask = int.MaxValue }));
        StringAssert.Contains(recordings.Message, "RecordingsPerTask");
    }
}

using Sparsh.Simulation.Scenarios;
using Sparsh.Simulation.Skins;
using Sparsh.Transforms.Hand;
using Sparsh.Transforms.Recordings;

namespace Sparsh.Simulation.Tests;

/// <summary>Short scenario runs on the Allegro hand and checks shared by the generator tests.</summary>
internal static class ScenarioFixture
{
    public static HandModel Hand => HandModel.AllegroXela;

    public static ScenarioOptions Short(double seconds) => new() { DurationSeconds = seconds };

    public static SkinProfile HealthySkin(int seed = 3) => SkinProfile.Generate("test-skin", seed, Hand.TaxelCount, SimulationFixture.HealthySkin);

    /// <summary>Median spacing of a stream's timestamps, seconds.</summary>
    public static double MedianPeriod(TimeSeries series)
    {
        var gaps = series.TimestampsSeconds.Zip(series.TimestampsSeconds.Skip(1), (a, b) => b - a).Order().ToArray();
        return gaps[gaps.Length / 2];
    }

    /// <summary>Checks the shared shape of a simulated recording: widths, rates, skin and task, whole counts.</summary>
    public static void AssertStreams(XelaRecording recording, double seconds, string task, string skinId)
    {
        Assert.AreEqual(task, recording.Task);
        Assert.AreEqual(skinId, recording.SkinId);
        Assert.AreEqual(1104, recording.Magnetic.Width);
        Assert.IsNotNull(recording.Joints);
        Assert.AreEqual(16, recording.Joints.Width);
        // 100 Hz with a few dropped frames; 333 Hz joints with fewer.
        Assert.AreEqual(0.01, MedianPeriod(recording.Magnetic), 0.001, "magnetic period");
        Assert.AreEqual(1 / 333.0, MedianPeriod(recording.Joints), 0.0003, "joint period");
        Assert.IsTrue(recording.Magnetic.Count is var m && m > 0.95 * 100 * seconds && m <= 100 * seconds, $"{recording.Magnetic.Count} magnetic frames in {seconds} s");
        Assert.IsTrue(recording.Joints.Count is var j && j > 0.97 * 333 * seconds && j <= 333 * seconds + 1, $"{recording.Joints.Count} joint samples in {seconds} s");
        foreach (float value in recording.Magnetic.Values)
            if (value != MathF.Round(value) || value < 0 || value > 65535)
                Assert.Fail($"raw count {value} is not a 16-bit reading");
        for (int r = 0; r < recording.Joints.Count; r++)
            for (int k = 0; k < 16; k++)
            {
                var joint = Hand.Joints[k];
                float angle = recording.Joints.Row(r)[k];
                // Readings are true angles inside the limits plus encoder noise (0.002 rad std) and quantisation.
                Assert.IsTrue(angle >= joint.LowerLimitRadians - 0.012 && angle <= joint.UpperLimitRadians + 0.012, $"{joint.Name} reads {angle}");
            }
    }

    /// <summary>Per taxel, the largest change of the field vector (counts) between two frames.</summary>
    public static double[] Change(ReadOnlySpan<float> before, ReadOnlySpan<float> after)
    {
        var change = new double[before.Length / 3];
        for (int t = 0; t < change.Length; t++)
        {
            double dx = after[3 * t] - before[3 * t], dy = after[3 * t + 1] - before[3 * t + 1], dz = after[3 * t + 2] - before[3 * t + 2];
            change[t] = Math.Sqrt(dx * dx + dy * dy + dz * dz);
        }
        return change;
    }

    /// <summary>Row of the frame whose timestamp is nearest <paramref name="seconds"/>.</summary>
    public static int RowNear(TimeSeries series, double seconds)
    {
        int k = Array.BinarySearch(series.TimestampsSeconds, seconds);
        if (k >= 0) return k;
        k = ~k;
        if (k == 0) return 0;
        if (k >= series.Count) return series.Count - 1;
        return seconds - series.TimestampsSeconds[k - 1] < series.TimestampsSeconds[k] - seconds ? k - 1 : k;
    }
}

using Sparsh.Simulation.Nuisances;

namespace Sparsh.Simulation.Tests;

[TestClass]
public sealed class StreamNuisanceTests
{
    [TestMethod]
    public void ClockJittersDropsFramesAndStaysIncreasing()
    {
        var options = new StreamTimingOptions { RateHz = 100, JitterStdSeconds = 0.001, DropProbability = 0.01, MaxDroppedFrames = 3 };
        var clock = new StreamClock(options, seed: 4);
        const int frames = 20_000;
        var stamps = new List<double>();
        var errors = new List<double>();
        for (int f = 0; f < frames; f++)
            if (clock.Next(out double t))
            {
                stamps.Add(t);
                errors.Add(t - f / 100.0);
            }
        int dropped = frames - stamps.Count;
        // Drop-outs start with p = 0.01 and last 2 frames on average.
        Assert.IsTrue(dropped is > 250 and < 550, $"dropped {dropped} of {frames}");
        for (int k = 1; k < stamps.Count; k++)
            Assert.IsGreaterThan(stamps[k - 1], stamps[k], "timestamps increase");
        double mean = errors.Average();
        double std = Math.Sqrt(errors.Select(e => (e - mean) * (e - mean)).Average());
        Assert.AreEqual(0.001, std, 0.0001, "jitter std");
        Assert.IsTrue(stamps.Zip(stamps.Skip(1), (a, b) => b - a).Any(gap => gap > 0.025), "a drop-out leaves a gap");

        var again = new StreamClock(options, seed: 4);
        var replay = new List<double>();
        for (int f = 0; f < frames; f++)
            if (again.Next(out double t)) replay.Add(t);
        CollectionAssert.AreEqual(stamps, replay, "same seed, same stream");
    }

    [TestMethod]
    public void EncoderAddsNoiseOfTheSetStdAndQuantises()
    {
        var encoder = new JointEncoder(noiseStdRadians: 0.002, resolutionRadians: 0.0005, seed: 9);
        var truth = new float[16];
        var reading = new float[16];
        var errors = new List<double>();
        for (int k = 0; k < 2000; k++)
        {
            for (int j = 0; j < 16; j++) truth[j] = 0.1f * j + 0.0001f * k;
            encoder.Read(truth, reading);
            for (int j = 0; j < 16; j++)
            {
                errors.Add(reading[j] - truth[j]);
                double steps = reading[j] / 0.0005;
                Assert.AreEqual(Math.Round(steps), steps, 1e-2, "readings sit on the encoder grid");
            }
        }
        double std = Math.Sqrt(errors.Select(e => e * e).Average());
        // Quantisation adds resolution^2/12 to the variance.
        Assert.AreEqual(Math.Sqrt(0.002 * 0.002 + 0.0005 * 0.0005 / 12), std, 0.0001, "encoder noise std");
    }
}

using Sparsh.Transforms.Recordings;
using Sparsh.Transforms.Xela;

namespace Sparsh.Transforms.Tests.Recordings;

/// <summary>Small deterministic recordings for the tests.</summary>
internal static class RecordingSamples
{
    public static double[] Times(int count, double start, double step) => Enumerable.Range(0, count).Select(i => start + i * step).ToArray();

    /// <summary>Magnetic frames whose value at (row, channel) is <paramref name="value"/>.</summary>
    public static TimeSeries Magnetic(double[] times, Func<int, int, float> value)
    {
        var values = new float[times.Length * XelaSkin.ValuesPerFrame];
        for (int r = 0; r < times.Length; r++)
            for (int c = 0; c < XelaSkin.ValuesPerFrame; c++)
                values[r * XelaSkin.ValuesPerFrame + c] = value(r, c);
        return new TimeSeries(RecordingFormat.MagneticStream, XelaSkin.ValuesPerFrame, times, values, "counts");
    }

    public static TimeSeries Stream(string name, int width, double[] times, Func<int, int, float> value, string unit, IReadOnlyList<string>? channels = null)
    {
        var values = new float[times.Length * width];
        for (int r = 0; r < times.Length; r++)
            for (int c = 0; c < width; c++)
                values[r * width + c] = value(r, c);
        return new TimeSeries(name, width, times, values, unit, channels);
    }

    /// <summary>A recording with irregular clocks, magnetic, joints and two labels.</summary>
    public static XelaRecording Full(int frames = 40)
    {
        var random = new Random(7);
        var magneticTimes = Enumerable.Range(0, frames).Select(i => 100.0 + i * 0.01 + random.NextDouble() * 0.002).ToArray();
        var magnetic = Magnetic(magneticTimes, (r, c) => 20000f + ((r * 7919 + c * 104729) % 40000) + 0.25f);
        magnetic.Values[5] = float.NaN;    // raw recordings may hold NaN; storage must keep it
        magnetic.Values[9] = 65000.5f;
        var joints = Stream(RecordingFormat.JointsStream, XelaSkin.JointCount, Times(frames, 100.003, 0.0101),
            (r, c) => (float)Math.Sin(r * 0.1 + c), "rad", Enumerable.Range(0, XelaSkin.JointCount).Select(j => $"joint_{j}").ToArray());
        var force = Stream("force", 3, Times(frames / 2, 100.001, 0.02), (r, c) => r * 0.5f - c, "N", ["fx", "fy", "fz"]);
        var pose = Stream("pose", 3, Times(frames / 4, 100.0, 0.04), (r, c) => r + c * 0.125f, "m,m,rad");
        return new XelaRecording("rec-001", magnetic, joints, new Dictionary<string, TimeSeries> { ["force"] = force, ["pose"] = pose }, "skin-A", "force");
    }

    public static void AssertSameSeries(TimeSeries expected, TimeSeries actual)
    {
        Assert.AreEqual(expected.Name, actual.Name);
        Assert.AreEqual(expected.Width, actual.Width);
        Assert.AreEqual(expected.Unit, actual.Unit);
        CollectionAssert.AreEqual(expected.TimestampsSeconds, actual.TimestampsSeconds);
        // Bitwise, so NaN payloads and -0 count too.
        CollectionAssert.AreEqual(expected.Values.Select(BitConverter.SingleToInt32Bits).ToArray(), actual.Values.Select(BitConverter.SingleToInt32Bits).ToArray());
        if (expected.ChannelNames is null) Assert.IsNull(actual.ChannelNames);
        else CollectionAssert.AreEqual(expected.ChannelNames.ToArray(), actual.ChannelNames!.ToArray());
    }
}

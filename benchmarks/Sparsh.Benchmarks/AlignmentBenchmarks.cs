using BenchmarkDotNet.Attributes;
using Sparsh.Transforms.Preprocessing;
using Sparsh.Transforms.Recordings;
using Sparsh.Transforms.Xela;

namespace Sparsh.Benchmarks;

/// <summary>
/// Aligning one minute of jittered magnetic and joint streams onto the 100 Hz frame grid (cubic spline), one thread. The
/// baseline copies the magnetic stream's floats once, so the ratio says how many passes over the data alignment costs.
/// (The speed floor that used to sit in a unit test lives here.)
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 2, iterationCount: 8)]
public class AlignmentBenchmarks
{
    private const int Samples = 6000; // 60 s at 100 Hz

    private XelaRecording _recording = null!;
    private float[] _target = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(5);
        double[] Jittered() => [.. Enumerable.Range(0, Samples).Select(k => k * 0.01 + (k is 0 or Samples - 1 ? 0 : (random.NextDouble() - 0.5) * 0.004))];
        double[] magneticTimes = Jittered(), jointTimes = Jittered();
        var magnetic = new float[Samples * XelaSkin.ValuesPerFrame];
        for (int i = 0; i < magnetic.Length; i++) magnetic[i] = 30000f + 10f * MathF.Sin(i * 1e-3f);
        var joints = new float[Samples * XelaSkin.JointCount];
        for (int i = 0; i < joints.Length; i++) joints[i] = MathF.Sin(i * 1e-2f);
        _recording = new XelaRecording("minute",
            new TimeSeries(RecordingFormat.MagneticStream, XelaSkin.ValuesPerFrame, magneticTimes, magnetic, "counts"),
            new TimeSeries(RecordingFormat.JointsStream, XelaSkin.JointCount, jointTimes, joints, "rad"));
        _target = new float[magnetic.Length];
    }

    /// <summary>Aligns the minute-long recording.</summary>
    [Benchmark]
    public int AlignOneMinute() => RecordingPreprocessor.Align(_recording).FrameCount;

    /// <summary>Copies the magnetic stream's floats once.</summary>
    [Benchmark(Baseline = true)]
    public float CopyMagneticStream()
    {
        _recording.Magnetic.Values.AsSpan().CopyTo(_target);
        return _target[^1];
    }
}

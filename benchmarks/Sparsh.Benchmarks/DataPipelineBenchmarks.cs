using BenchmarkDotNet.Attributes;
using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Transforms.Frames;
using Sparsh.Transforms.Preprocessing;
using Sparsh.Transforms.Xela;

namespace Sparsh.Benchmarks;

/// <summary>
/// Windowing + kinematic positions + normalisation from an in-memory aligned recording, one thread.
/// Each invocation reads every window (magnetic and positions); the baseline copies the same bytes
/// with a plain span copy, so the ratio says how close the pipeline is to memory bandwidth.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
public class DataPipelineBenchmarks
{
    private const int Frames = 20_000; // 200 s at 100 Hz
    private const int WindowFrames = 10;
    private const int Windows = Frames / WindowFrames;

    private IDataView _windows = null!;
    private float[] _source = null!;
    private float[] _target = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        var magnetic = new float[Frames * XelaSkin.ValuesPerFrame];
        for (int i = 0; i < magnetic.Length; i++) magnetic[i] = 30000f + random.Next(-500, 500);
        var joints = new float[Frames * XelaSkin.JointCount];
        for (int i = 0; i < joints.Length; i++) joints[i] = (float)(0.3 + 0.2 * Math.Sin(i * 0.01));
        var times = Enumerable.Range(0, Frames).Select(k => k / XelaSkin.FrameRateHz).ToArray();
        var recording = new AlignedRecording("bench", "skin-0", "play", XelaSkin.FrameRateHz, times, magnetic, joints,
            new Dictionary<string, AlignedLabel>(), Enumerable.Repeat(true, Frames).ToArray(),
            new ValidityReport(Frames, 0, new int[XelaSkin.TaxelCount], 0));

        var mlContext = new MLContext(seed: 1);
        // Built from an aligned recording directly (internal): the benchmark measures windowing, not resampling.
        var frames = new XelaFrameDataView([recording]);
        var pipeline = mlContext.Sparsh().XelaWindowing()
            .Append(mlContext.Sparsh().KinematicPositions())
            .Append(mlContext.Sparsh().XelaNormalization());
        _windows = pipeline.Fit(frames).Transform(frames);

        int bytesPerWindow = WindowFrames * (2 * XelaSkin.ValuesPerFrame + XelaSkin.JointCount);
        _source = new float[bytesPerWindow];
        _target = new float[bytesPerWindow];
    }

    /// <summary>Reads all windows; reported time per operation is per window.</summary>
    [Benchmark(OperationsPerInvoke = Windows)]
    public float WindowKinematicsNormalise()
    {
        var magneticColumn = _windows.Schema[XelaColumnNames.Magnetic];
        var positionsColumn = _windows.Schema[XelaColumnNames.TaxelPositions];
        using var cursor = _windows.GetRowCursor([magneticColumn, positionsColumn]);
        var magnetic = cursor.GetGetter<VBuffer<float>>(magneticColumn);
        var positions = cursor.GetGetter<VBuffer<float>>(positionsColumn);
        VBuffer<float> m = default, p = default;
        float checksum = 0;
        while (cursor.MoveNext())
        {
            magnetic(ref m);
            positions(ref p);
            checksum += m.GetValues()[0] + p.GetValues()[0];
        }
        return checksum;
    }

    /// <summary>Copies one window's worth of floats (magnetic + positions + joints) per operation.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Windows)]
    public float CopyWindowFloats()
    {
        for (int w = 0; w < Windows; w++) _source.AsSpan().CopyTo(_target);
        return _target[0];
    }
}

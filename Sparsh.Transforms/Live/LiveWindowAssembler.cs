using Sparsh.Transforms.Xela;

namespace Sparsh.Transforms.Live;

/// <summary>
/// Turns a live stream of frames (timestamp, 1104 raw counts, 16 joint angles) into the windows a saved model scores:
/// a ring of the last <c>WindowLengthFrames</c> frames, a window ready every <c>StrideFrames</c>, and a fresh start
/// after a gap. Torch-free and allocation-free per frame, for line-of-business apps. Frames are taken at the sensor
/// rate as they come (no resampling), so feed it the skin's own 100 Hz stream.
/// </summary>
public sealed class LiveWindowAssembler
{
    private readonly float[] _magnetic;
    private readonly float[] _joints;
    private readonly double[] _times;
    private int _runLength;
    private double _lastTime = double.NegativeInfinity;

    /// <summary>Creates an assembler for windows of <paramref name="windowLengthFrames"/> every <paramref name="strideFrames"/>.</summary>
    public LiveWindowAssembler(int windowLengthFrames = 10, int strideFrames = 10, double maxGapSeconds = 0.015)
    {
        if (windowLengthFrames < 1 || strideFrames < 1)
            throw new ArgumentOutOfRangeException(nameof(windowLengthFrames), "Window length and stride must be at least one frame.");
        if (!(maxGapSeconds > 0)) throw new ArgumentOutOfRangeException(nameof(maxGapSeconds), $"MaxGapSeconds must be positive, got {maxGapSeconds}.");
        WindowLengthFrames = windowLengthFrames;
        StrideFrames = strideFrames;
        MaxGapSeconds = maxGapSeconds;
        _magnetic = new float[windowLengthFrames * XelaSkin.ValuesPerFrame];
        _joints = new float[windowLengthFrames * XelaSkin.JointCount];
        _times = new double[windowLengthFrames];
    }

    /// <summary>Frames per window.</summary>
    public int WindowLengthFrames { get; }

    /// <summary>Frames between windows.</summary>
    public int StrideFrames { get; }

    /// <summary>A larger step between frames starts a new window run.</summary>
    public double MaxGapSeconds { get; }

    /// <summary>Gaps seen so far (each restarted the window).</summary>
    public int GapCount { get; private set; }

    /// <summary>Adds a frame; returns true when a window is ready to copy with <see cref="CopyWindow"/>.</summary>
    /// <exception cref="ArgumentException">Wrong lengths, or a timestamp that is not finite or not after the previous one.</exception>
    public bool Push(double timestampSeconds, ReadOnlySpan<float> rawCounts, ReadOnlySpan<float> jointAnglesRadians)
    {
        if (rawCounts.Length != XelaSkin.ValuesPerFrame)
            throw new ArgumentException($"A frame has {XelaSkin.ValuesPerFrame} raw counts (368 taxels x 3); got {rawCounts.Length}.", nameof(rawCounts));
        if (jointAnglesRadians.Length != XelaSkin.JointCount)
            throw new ArgumentException($"A frame has {XelaSkin.JointCount} joint angles; got {jointAnglesRadians.Length}.", nameof(jointAnglesRadians));
        if (!double.IsFinite(timestampSeconds) || timestampSeconds <= _lastTime)
            throw new ArgumentException($"Frame timestamp {timestampSeconds:R} s is not finite or not after the previous frame's {_lastTime:R} s.", nameof(timestampSeconds));
        if (_runLength > 0 && timestampSeconds - _lastTime > MaxGapSeconds)
        {
            _runLength = 0;
            GapCount++;
        }
        _lastTime = timestampSeconds;
        int slot = _runLength % WindowLengthFrames;
        _times[slot] = timestampSeconds;
        rawCounts.CopyTo(_magnetic.AsSpan(slot * XelaSkin.ValuesPerFrame));
        jointAnglesRadians.CopyTo(_joints.AsSpan(slot * XelaSkin.JointCount));
        _runLength++;
        return _runLength >= WindowLengthFrames && (_runLength - WindowLengthFrames) % StrideFrames == 0;
    }

    /// <summary>Start time (seconds) of the current window.</summary>
    public double WindowStartSeconds => _times[_runLength % WindowLengthFrames];

    /// <summary>Copies the current window, oldest frame first: counts [frames x 1104] and joint angles [frames x 16].</summary>
    public void CopyWindow(Span<float> magnetic, Span<float> jointAngles)
    {
        if (_runLength < WindowLengthFrames) throw new InvalidOperationException("No window is ready yet.");
        CopyOldestFirst(_magnetic, XelaSkin.ValuesPerFrame, magnetic);
        CopyOldestFirst(_joints, XelaSkin.JointCount, jointAngles);
    }

    private void CopyOldestFirst(float[] ring, int width, Span<float> target)
    {
        if (target.Length != ring.Length) throw new ArgumentException($"Target needs {ring.Length} values; got {target.Length}.", nameof(target));
        int oldest = _runLength % WindowLengthFrames, head = (WindowLengthFrames - oldest) * width;
        ring.AsSpan(oldest * width, head).CopyTo(target);
        ring.AsSpan(0, oldest * width).CopyTo(target[head..]);
    }
}

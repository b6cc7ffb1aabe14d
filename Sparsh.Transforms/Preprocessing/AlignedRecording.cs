using Sparsh.Transforms.Xela;

namespace Sparsh.Transforms.Preprocessing;

/// <summary>
/// A recording with every stream resampled onto one time grid (k / rate seconds): the input of windowing.
/// </summary>
/// <remarks>
/// Magnetic values are raw counts with invalid values set to 0. Frames whose time falls inside a gap of any
/// stream have <see cref="FrameOk"/> false: their magnetic values are 0 and their joint and label values NaN,
/// because nothing was interpolated across the gap. Windowing should only cut windows from
/// <see cref="OkRanges"/>.
/// </remarks>
public sealed class AlignedRecording
{
    /// <summary>Creates an aligned recording and checks that every array has one entry per frame.</summary>
    public AlignedRecording(string id, string? skinId, string? task, double rateHz, double[] timestampsSeconds, float[] magnetic,
        float[]? joints, IReadOnlyDictionary<string, AlignedLabel> labels, bool[] frameOk, ValidityReport validity,
        IReadOnlyDictionary<string, int>? nonFiniteSamplesDropped = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(timestampsSeconds);
        ArgumentNullException.ThrowIfNull(magnetic);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(frameOk);
        ArgumentNullException.ThrowIfNull(validity);
        int frames = timestampsSeconds.Length;
        Check(magnetic.Length, (long)frames * XelaSkin.ValuesPerFrame, "magnetic");
        if (joints is not null) Check(joints.Length, (long)frames * XelaSkin.JointCount, "joints");
        foreach (var (name, label) in labels) Check(label.Values.Length, (long)frames * label.Width, $"label '{name}'");
        Check(frameOk.Length, frames, "frame-ok mask");

        Id = id;
        SkinId = skinId;
        Task = task;
        RateHz = rateHz;
        TimestampsSeconds = timestampsSeconds;
        Magnetic = magnetic;
        Joints = joints;
        Labels = labels;
        FrameOk = frameOk;
        Validity = validity;
        NonFiniteSamplesDropped = nonFiniteSamplesDropped ?? new Dictionary<string, int>();

        void Check(long actual, long expected, string what)
        {
            if (actual != expected)
                throw new ArgumentException($"aligned recording '{id}': {what} has {actual} entries; expected {expected} for {frames} frames.");
        }
    }

    /// <summary>Recording identifier.</summary>
    public string Id { get; }

    /// <summary>Physical skin identifier, if known.</summary>
    public string? SkinId { get; }

    /// <summary>Task or data set, if known.</summary>
    public string? Task { get; }

    /// <summary>Frame rate of the grid in hertz.</summary>
    public double RateHz { get; }

    /// <summary>Frame times in seconds: k / <see cref="RateHz"/> for consecutive integers k.</summary>
    public double[] TimestampsSeconds { get; }

    /// <summary>Number of frames.</summary>
    public int FrameCount => TimestampsSeconds.Length;

    /// <summary>Magnetic counts, frames x 1104 (taxel-major x, y, z); 0 marks an invalid value.</summary>
    public float[] Magnetic { get; }

    /// <summary>Joint angles in radians, frames x 16; null when the recording has none.</summary>
    public float[]? Joints { get; }

    /// <summary>Label streams by name.</summary>
    public IReadOnlyDictionary<string, AlignedLabel> Labels { get; }

    /// <summary>False for frames inside a gap of any stream (nothing was interpolated there).</summary>
    public bool[] FrameOk { get; }

    /// <summary>Invalid raw magnetic values found before resampling.</summary>
    public ValidityReport Validity { get; }

    /// <summary>Joint or label samples removed before resampling because a value was NaN or infinite, by stream name.</summary>
    public IReadOnlyDictionary<string, int> NonFiniteSamplesDropped { get; }

    /// <summary>The magnetic values of one frame.</summary>
    public Span<float> MagneticFrame(int frame) => Magnetic.AsSpan(frame * XelaSkin.ValuesPerFrame, XelaSkin.ValuesPerFrame);

    /// <summary>Maximal runs of consecutive frames with <see cref="FrameOk"/> true, in order.</summary>
    public IReadOnlyList<FrameRange> OkRanges()
    {
        var ranges = new List<FrameRange>();
        int start = -1;
        for (int k = 0; k <= FrameOk.Length; k++)
        {
            bool ok = k < FrameOk.Length && FrameOk[k];
            if (ok && start < 0) start = k;
            else if (!ok && start >= 0)
            {
                ranges.Add(new FrameRange(start, k - start));
                start = -1;
            }
        }
        return ranges;
    }
}

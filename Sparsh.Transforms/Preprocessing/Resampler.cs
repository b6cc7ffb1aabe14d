using Sparsh.Transforms.Recordings;
using Sparsh.Transforms.Xela;

namespace Sparsh.Transforms.Preprocessing;

/// <summary>
/// Resamples every stream of a <see cref="XelaRecording"/> onto one grid of k / <see cref="RateHz"/> seconds
/// over the span all streams cover (from the latest start to the earliest end).
/// </summary>
/// <remarks>
/// <para>Magnetic frames are flagged first (<see cref="ValidityFlagging"/>): an output value is 0 (invalid) when an
/// invalid sample brackets it — for both methods, the two samples around the output time, or the sample itself
/// when the output time is exactly a sample time. For the spline, invalid samples are replaced by a straight
/// line between their channel's valid neighbours before fitting, so the spline's global coupling carries only
/// that smooth stand-in, never the 0 marker or an out-of-range spike, into valid outputs further away.</para>
/// <para>Gaps: an interval between consecutive samples of a stream longer than its gap limit is not
/// interpolated. Each stream is fitted separately on each gap-free segment, and grid frames strictly inside
/// a gap of any stream get <see cref="AlignedRecording.FrameOk"/> false and carry no data: magnetic 0 (invalid),
/// joints and labels NaN.</para>
/// <para>Joint and label samples holding NaN or infinity are removed (and counted in
/// <see cref="AlignedRecording.NonFiniteSamplesDropped"/>), so the hole they leave is handled like any gap.</para>
/// </remarks>
public sealed class Resampler
{
    /// <summary>Output frame rate in hertz.</summary>
    public double RateHz { get; init; } = XelaSkin.FrameRateHz;

    /// <summary>Interpolation method.</summary>
    public Interpolation Interpolation { get; init; } = Interpolation.CubicSpline;

    /// <summary>
    /// Longest interval between consecutive samples, in seconds, that is still interpolated. A stream's limit is
    /// never below twice its median sample interval, so a slow stream (e.g. a 10 Hz joystick) is not all gaps.
    /// </summary>
    public double MaxGapSeconds { get; init; } = 0.05;

    /// <summary>Per-stream gap limits in seconds ("magnetic", "joints" or a label name); used as given, replacing the rule above.</summary>
    public IReadOnlyDictionary<string, double>? MaxGapSecondsByStream { get; init; }

    /// <summary>Smallest valid raw reading in counts.</summary>
    public float ValidMinCounts { get; init; } = XelaSkin.ValidMinCounts;

    /// <summary>Largest valid raw reading in counts.</summary>
    public float ValidMaxCounts { get; init; } = XelaSkin.ValidMaxCounts;

    /// <summary>The common grid: k / rate for every integer k with the time inside [latest start, earliest end].</summary>
    /// <exception cref="InvalidOperationException">The streams do not overlap; the message lists each stream's span.</exception>
    public double[] CommonGrid(XelaRecording recording)
    {
        ArgumentNullException.ThrowIfNull(recording);
        if (!(RateHz > 0) || !double.IsFinite(RateHz))
            throw new ArgumentOutOfRangeException(nameof(RateHz), RateHz, "the frame rate must be a positive number of hertz.");
        var streams = Streams(recording).ToList();
        foreach (var s in streams.Where(s => s.Count == 0))
            throw new InvalidOperationException($"recording '{recording.Id}': stream '{s.Name}' has no samples.");
        double start = streams.Max(s => s.StartSeconds), end = streams.Min(s => s.EndSeconds);
        double tolerance = 1e-9 + Math.Max(Math.Abs(start), Math.Abs(end)) * 1e-15;
        long first = (long)Math.Ceiling(start * RateHz);
        if ((first - 1) / RateHz >= start - tolerance) first--;   // k / rate rounds; accept a point within rounding of the start
        long last = (long)Math.Floor(end * RateHz);
        if ((last + 1) / RateHz <= end + tolerance) last++;
        if (last < first)
            throw new InvalidOperationException(
                $"recording '{recording.Id}': the streams share no {RateHz} Hz frame; spans are " +
                string.Join(", ", streams.Select(s => $"'{s.Name}' [{s.StartSeconds}, {s.EndSeconds}] s")) + ".");
        var grid = new double[last - first + 1];
        for (long k = first; k <= last; k++) grid[k - first] = k / RateHz;
        return grid;
    }

    /// <summary>Flags, then resamples every stream of <paramref name="recording"/> onto the common grid.</summary>
    public AlignedRecording Align(XelaRecording recording)
    {
        var grid = CommonGrid(recording);
        int frames = grid.Length;
        var frameOk = new bool[frames];
        Array.Fill(frameOk, true);
        var dropped = new Dictionary<string, int>();

        // Flag a copy: the recording stays as loaded.
        var flagged = (float[])recording.Magnetic.Values.Clone();
        var validity = ValidityFlagging.Flag(flagged, ValidMinCounts, ValidMaxCounts);
        var magnetic = new float[(long)frames * XelaSkin.ValuesPerFrame];
        var magneticResampler = new StreamResampler(recording.Magnetic.TimestampsSeconds, flagged, XelaSkin.ValuesPerFrame, zeroIsInvalid: true);
        magneticResampler.Resample(grid, Interpolation, GapLimit(RecordingFormat.MagneticStream, magneticResampler), 0f, magnetic, frameOk);

        float[]? joints = recording.Joints is { } j ? ResampleFinite(j, RecordingFormat.JointsStream, grid, frameOk, dropped) : null;
        var labels = new SortedDictionary<string, AlignedLabel>(StringComparer.Ordinal);
        foreach (var (name, series) in recording.Labels)
            labels[name] = new AlignedLabel(name, series.Width, ResampleFinite(series, name, grid, frameOk, dropped)) { Unit = series.Unit };

        // A frame in a gap of any stream carries no data at all, so a consumer that looks only at one
        // stream cannot mistake a half-aligned frame for a good one.
        for (int k = 0; k < frames; k++)
        {
            if (frameOk[k]) continue;
            magnetic.AsSpan(k * XelaSkin.ValuesPerFrame, XelaSkin.ValuesPerFrame).Clear();
            joints?.AsSpan(k * XelaSkin.JointCount, XelaSkin.JointCount).Fill(float.NaN);
            foreach (var label in labels.Values) label.Values.AsSpan(k * label.Width, label.Width).Fill(float.NaN);
        }
        return new AlignedRecording(recording.Id, recording.SkinId, recording.Task, RateHz, grid, magnetic, joints, labels, frameOk, validity, dropped);
    }

    // key is "joints" or the label name: gap limits and drop counts use it, whatever the series itself is called.
    private float[] ResampleFinite(TimeSeries series, string key, double[] grid, bool[] frameOk, Dictionary<string, int> dropped)
    {
        int removed = StreamResampler.DropNonFiniteRows(series, out var timestamps, out var values);
        if (removed > 0) dropped[key] = removed;
        var output = new float[(long)grid.Length * series.Width];
        if (timestamps.Length == 0)
        {
            // Every sample was NaN: the whole grid is a gap of this stream.
            output.AsSpan().Fill(float.NaN);
            Array.Fill(frameOk, false);
            return output;
        }
        var resampler = new StreamResampler(timestamps, values, series.Width, zeroIsInvalid: false);
        resampler.Resample(grid, Interpolation, GapLimit(key, resampler), float.NaN, output, frameOk);
        return output;
    }

    private double GapLimit(string stream, StreamResampler resampler) =>
        MaxGapSecondsByStream is not null && MaxGapSecondsByStream.TryGetValue(stream, out double limit)
            ? limit
            : Math.Max(MaxGapSeconds, 2 * resampler.MedianIntervalSeconds());

    private static IEnumerable<TimeSeries> Streams(XelaRecording recording)
    {
        yield return recording.Magnetic;
        if (recording.Joints is { } joints) yield return joints;
        foreach (var label in recording.Labels.Values) yield return label;
    }
}

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

    /// <summary>Highest output rate accepted, hertz: far above any tactile sensor, low enough that a typo fails fast.</summary>
    public const double MaxRateHz = 100_000;

    /// <summary>Most frames an aligned recording can hold (<see cref="XelaRecording.MaxMagneticFrames"/>).</summary>
    public const int MaxFrames = XelaRecording.MaxMagneticFrames;

    /// <summary>The common grid: k / rate for every integer k with the time inside [latest start, earliest end].</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="RateHz"/> is not positive, not finite or above <see cref="MaxRateHz"/>.</exception>
    /// <exception cref="InvalidOperationException">The streams do not overlap; the message lists each stream's span.</exception>
    /// <exception cref="InvalidDataException">
    /// The common span holds more than <see cref="MaxFrames"/> frames, or its times are too far from zero to number frames
    /// (e.g. a clock or epoch jump); the message names the recording, the stream and the sample index. Checked before any allocation.
    /// </exception>
    public double[] CommonGrid(XelaRecording recording)
    {
        var (first, last) = GridRange(recording);
        var grid = new double[last - first + 1];
        for (long k = first; k <= last; k++) grid[k - first] = k / RateHz;
        return grid;
    }

    // First and last frame index k of the common grid, bounded so that every array of the aligned recording fits.
    private (long First, long Last) GridRange(XelaRecording recording)
    {
        ArgumentNullException.ThrowIfNull(recording);
        if (!(RateHz > 0) || !double.IsFinite(RateHz) || RateHz > MaxRateHz)
            throw new ArgumentOutOfRangeException(nameof(RateHz), RateHz, $"recording '{recording.Id}': the frame rate must be a positive number of hertz, at most {MaxRateHz}.");
        var streams = Streams(recording).ToList();
        foreach (var s in streams.Where(s => s.Count == 0))
            throw new InvalidOperationException($"recording '{recording.Id}': stream '{s.Name}' has no samples.");
        double start = streams.Max(s => s.StartSeconds), end = streams.Min(s => s.EndSeconds);

        if (end >= start && (end - start) * RateHz > MaxFrames)
        {
            var (stream, index) = LargestJump(streams, start, end);
            throw new InvalidDataException(
                $"recording '{recording.Id}': the streams' common span [{Format(start)}, {Format(end)}] s is {Format(Math.Floor((end - start) * RateHz) + 1)} frames at " +
                $"{Format(RateHz)} Hz, more than the {MaxFrames} an aligned recording holds; the longest step is stream '{stream.Name}' " +
                $"sample {index}, from {Format(stream.TimestampsSeconds[index - 1])} s to {Format(stream.TimestampsSeconds[index])} s " +
                "(a jump there means a clock or epoch change; otherwise split the recording).");
        }

        // Frame indices k = t * rate must be exact integers in a double (below 2^53) so that k / rate is the time;
        // a timestamp past that (1e18 s after an epoch change, or near double.MaxValue) would overflow the index.
        const double MaxIndex = 1L << 53;
        foreach (var s in streams)
            for (int i = 0; i < s.Count; i++)
                if (Math.Abs(s.TimestampsSeconds[i] * RateHz) >= MaxIndex && s.TimestampsSeconds[i] >= start && s.TimestampsSeconds[i] <= end)
                    throw new InvalidDataException(
                        $"recording '{recording.Id}': stream '{s.Name}' sample {i} is at {Format(s.TimestampsSeconds[i])} s, too far from zero " +
                        $"to number {Format(RateHz)} Hz frames (at most {Format(MaxIndex / RateHz)} s); is the clock in seconds?");

        double tolerance = 1e-9 + Math.Max(Math.Abs(start), Math.Abs(end)) * 1e-15;
        long first = (long)Math.Ceiling(start * RateHz);
        if ((first - 1) / RateHz >= start - tolerance) first--;   // k / rate rounds; accept a point within rounding of the start
        long last = (long)Math.Floor(end * RateHz);
        if ((last + 1) / RateHz <= end + tolerance) last++;
        if (last < first)
            throw new InvalidOperationException(
                $"recording '{recording.Id}': the streams share no {RateHz} Hz frame; spans are " +
                string.Join(", ", streams.Select(s => $"'{s.Name}' [{s.StartSeconds}, {s.EndSeconds}] s")) + ".");
        if (last - first + 1 > MaxFrames)   // the rounding above can add a frame at each end
            throw new InvalidDataException(
                $"recording '{recording.Id}': the streams' common span [{Format(start)}, {Format(end)}] s is {last - first + 1} frames at {Format(RateHz)} Hz, " +
                $"more than the {MaxFrames} an aligned recording holds. Split long recordings.");
        return (first, last);
    }

    // The stream and sample index of the longest step between consecutive samples inside [start, end]:
    // where a span that is far too long most likely comes from.
    private static (TimeSeries Stream, int Index) LargestJump(IReadOnlyList<TimeSeries> streams, double start, double end)
    {
        TimeSeries best = streams[0];
        int bestIndex = 1;
        double bestStep = double.NegativeInfinity;
        foreach (var s in streams)
            for (int i = 1; i < s.Count; i++)
            {
                double low = Math.Max(s.TimestampsSeconds[i - 1], start), high = Math.Min(s.TimestampsSeconds[i], end);
                if (high - low > bestStep) (best, bestIndex, bestStep) = (s, i, high - low);
            }
        return (best, bestIndex);
    }

    private static string Format(double value) => TimestampCheck.Format(value);

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

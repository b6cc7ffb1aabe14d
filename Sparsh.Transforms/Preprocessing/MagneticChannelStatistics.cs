using System.Text.Json;
using Sparsh.Transforms.Recordings;
using Sparsh.Transforms.Xela;

namespace Sparsh.Transforms.Preprocessing;

/// <summary>
/// One global mean and standard deviation per magnetic axis (x, y, z) over training frames, as the reference
/// normalises its 3 magnetic channels; zeros are invalid and excluded. Stored with the model as JSON.
/// </summary>
/// <remarks>The standard deviation is the population one (divides by the count), as numpy's default.</remarks>
public sealed class MagneticChannelStatistics
{
    private readonly double[] _mean;
    private readonly double[] _std;

    /// <summary>Creates statistics from 3 means and 3 positive standard deviations.</summary>
    public MagneticChannelStatistics(IReadOnlyList<double> mean, IReadOnlyList<double> std)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (mean.Count != XelaSkin.AxisCount || std.Count != XelaSkin.AxisCount)
            throw new ArgumentException($"need {XelaSkin.AxisCount} means and standard deviations, got {mean.Count} and {std.Count}.");
        for (int a = 0; a < XelaSkin.AxisCount; a++)
            if (!double.IsFinite(mean[a]) || !(std[a] > 0) || !double.IsFinite(std[a]))
                throw new ArgumentException($"axis {XelaSkin.AxisNames[a]}: mean {mean[a]} and std {std[a]} must be finite with std > 0.");
        _mean = mean.ToArray();
        _std = std.ToArray();
    }

    /// <summary>Mean per axis (x, y, z).</summary>
    public IReadOnlyList<double> Mean => _mean;

    /// <summary>Standard deviation per axis (x, y, z).</summary>
    public IReadOnlyList<double> Std => _std;

    /// <summary>Fits over frames (each span frames x 1104, taxel-major, 0 = invalid).</summary>
    /// <exception cref="InvalidOperationException">An axis has no valid value or no spread.</exception>
    public static MagneticChannelStatistics Fit(IEnumerable<ReadOnlyMemory<float>> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var accumulator = new Accumulator();
        foreach (var block in frames) accumulator.Add(block.Span);
        return accumulator.ToStatistics();
    }

    /// <summary>
    /// Fits over the frames of aligned recordings that have <see cref="AlignedRecording.FrameOk"/> true, after
    /// subtracting <paramref name="baseline"/> (on a copy) when one is given.
    /// </summary>
    public static MagneticChannelStatistics Fit(IEnumerable<AlignedRecording> recordings, TaxelBaseline? baseline = null)
    {
        ArgumentNullException.ThrowIfNull(recordings);
        var accumulator = new Accumulator();
        var tared = baseline is null ? null : new float[XelaSkin.ValuesPerFrame];
        foreach (var recording in recordings)
            for (int k = 0; k < recording.FrameCount; k++)
            {
                if (!recording.FrameOk[k]) continue;
                ReadOnlySpan<float> frame = recording.MagneticFrame(k);
                if (baseline is not null)
                {
                    frame.CopyTo(tared);
                    baseline.Subtract(tared);
                    frame = tared;
                }
                accumulator.Add(frame);
            }
        return accumulator.ToStatistics();
    }

    /// <summary>Normalises frames in place: (value - mean) / std per axis; invalid zeros stay 0.</summary>
    public void Normalize(Span<float> frames)
    {
        if (frames.Length % XelaSkin.ValuesPerFrame != 0)
            throw new ArgumentException($"{frames.Length} values are not whole frames of {XelaSkin.ValuesPerFrame}.", nameof(frames));
        float mx = (float)_mean[0], my = (float)_mean[1], mz = (float)_mean[2];
        float sx = (float)(1 / _std[0]), sy = (float)(1 / _std[1]), sz = (float)(1 / _std[2]);
        for (int i = 0; i < frames.Length; i += XelaSkin.AxisCount)
        {
            if (frames[i] != 0f) frames[i] = (frames[i] - mx) * sx;
            if (frames[i + 1] != 0f) frames[i + 1] = (frames[i + 1] - my) * sy;
            if (frames[i + 2] != 0f) frames[i + 2] = (frames[i + 2] - mz) * sz;
        }
    }

    /// <summary>JSON form: {"format_version":1,"mean":[x,y,z],"std":[x,y,z]}.</summary>
    public string ToJson() => JsonSerializer.Serialize(new Stored(RecordingFormat.Version, _mean, _std), TaxelBaseline.JsonOptions);

    /// <summary>Reads the JSON form written by <see cref="ToJson"/>.</summary>
    /// <exception cref="InvalidDataException">The text is not valid statistics.</exception>
    public static MagneticChannelStatistics FromJson(string json)
    {
        try
        {
            var stored = JsonSerializer.Deserialize<Stored>(json, TaxelBaseline.JsonOptions)
                ?? throw new InvalidDataException("magnetic channel statistics: empty JSON.");
            return new MagneticChannelStatistics(stored.Mean ?? [], stored.Std ?? []);
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            throw new InvalidDataException($"not magnetic channel statistics: {e.Message}", e);
        }
    }

    private sealed record Stored(int FormatVersion, double[] Mean, double[] Std);

    /// <summary>Welford's running mean and squared deviation per axis, numerically safe for raw counts around 30000.</summary>
    private sealed class Accumulator
    {
        private readonly long[] _count = new long[XelaSkin.AxisCount];
        private readonly double[] _mean = new double[XelaSkin.AxisCount];
        private readonly double[] _m2 = new double[XelaSkin.AxisCount];

        public void Add(ReadOnlySpan<float> frames)
        {
            if (frames.Length % XelaSkin.ValuesPerFrame != 0)
                throw new ArgumentException($"{frames.Length} values are not whole frames of {XelaSkin.ValuesPerFrame}.", nameof(frames));
            for (int i = 0; i < frames.Length; i++)
            {
                float v = frames[i];
                if (v == 0f || !float.IsFinite(v)) continue;
                int a = i % XelaSkin.AxisCount;
                long n = ++_count[a];
                double delta = v - _mean[a];
                _mean[a] += delta / n;
                _m2[a] += delta * (v - _mean[a]);
            }
        }

        public MagneticChannelStatistics ToStatistics()
        {
            var std = new double[XelaSkin.AxisCount];
            for (int a = 0; a < XelaSkin.AxisCount; a++)
            {
                if (_count[a] == 0)
                    throw new InvalidOperationException($"axis {XelaSkin.AxisNames[a]}: no valid (non-zero) values to fit statistics on.");
                std[a] = Math.Sqrt(_m2[a] / _count[a]);
                if (!(std[a] > 0))
                    throw new InvalidOperationException($"axis {XelaSkin.AxisNames[a]}: all {_count[a]} valid values are equal; the standard deviation is 0.");
            }
            return new MagneticChannelStatistics(_mean, std);
        }
    }
}

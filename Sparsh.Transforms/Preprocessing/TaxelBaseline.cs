using System.Text.Json;
using System.Text.Json.Serialization;
using Sparsh.Transforms.Recordings;
using Sparsh.Transforms.Xela;

namespace Sparsh.Transforms.Preprocessing;

/// <summary>
/// The tare of one skin: the mean raw reading (counts) of every taxel axis over a rest recording, which
/// <see cref="Subtract"/> removes from other recordings of the same skin.
/// </summary>
/// <remarks>
/// A taxel axis with no valid sample in the rest recording (a broken taxel) has a NaN mean instead of an
/// error, because real skins have broken taxels and the rest of the hand can still be tared. <see cref="Subtract"/>
/// sets such channels to 0, the invalid marker, since they cannot be tared.
/// </remarks>
public sealed class TaxelBaseline
{
    private readonly float[] _means;

    /// <summary>Creates a baseline from 1104 per taxel-axis means in counts (NaN where unknown).</summary>
    public TaxelBaseline(float[] meansCounts, string? skinId = null)
    {
        ArgumentNullException.ThrowIfNull(meansCounts);
        if (meansCounts.Length != XelaSkin.ValuesPerFrame)
            throw new ArgumentException($"{meansCounts.Length} means; expected {XelaSkin.ValuesPerFrame} (368 taxels x 3 axes).", nameof(meansCounts));
        _means = meansCounts;
        SkinId = skinId;
    }

    /// <summary>Per taxel-axis mean in counts, taxel-major; NaN where the rest recording had no valid sample.</summary>
    public IReadOnlyList<float> MeansCounts => _means;

    /// <summary>The skin this baseline belongs to, if known.</summary>
    public string? SkinId { get; }

    /// <summary>Taxel-axis indices (taxel * 3 + axis) without a baseline.</summary>
    public IReadOnlyList<int> MissingChannels => Enumerable.Range(0, _means.Length).Where(i => float.IsNaN(_means[i])).ToArray();

    /// <summary>Baseline from a raw rest recording: its magnetic stream is flagged (on a copy), then averaged over valid values.</summary>
    public static TaxelBaseline FromRest(XelaRecording rest, float minCounts = XelaSkin.ValidMinCounts, float maxCounts = XelaSkin.ValidMaxCounts)
    {
        ArgumentNullException.ThrowIfNull(rest);
        var flagged = (float[])rest.Magnetic.Values.Clone();
        ValidityFlagging.Flag(flagged, minCounts, maxCounts);
        return FromFlaggedFrames(flagged, rest.SkinId);
    }

    /// <summary>Baseline from an aligned rest recording, over frames with <see cref="AlignedRecording.FrameOk"/> true.</summary>
    public static TaxelBaseline FromRest(AlignedRecording rest)
    {
        ArgumentNullException.ThrowIfNull(rest);
        var accumulator = new Accumulator();
        foreach (var range in rest.OkRanges())
            accumulator.Add(rest.Magnetic.AsSpan(range.Start * XelaSkin.ValuesPerFrame, range.Count * XelaSkin.ValuesPerFrame));
        return new TaxelBaseline(accumulator.Means(), rest.SkinId);
    }

    /// <summary>Baseline from flagged frames (frames x 1104, 0 = invalid).</summary>
    public static TaxelBaseline FromFlaggedFrames(ReadOnlySpan<float> frames, string? skinId = null)
    {
        var accumulator = new Accumulator();
        accumulator.Add(frames);
        return new TaxelBaseline(accumulator.Means(), skinId);
    }

    /// <summary>
    /// Subtracts the baseline from flagged frames in place (frames x 1104). Invalid values (0) stay 0, and so do
    /// channels without a baseline. Note that a valid reading equal to its mean also becomes 0 and reads as invalid
    /// afterwards; with integer counts and a fractional mean this is rare, and it is the reference's convention.
    /// </summary>
    public void Subtract(Span<float> frames)
    {
        if (frames.Length % XelaSkin.ValuesPerFrame != 0)
            throw new ArgumentException($"{frames.Length} values are not whole frames of {XelaSkin.ValuesPerFrame}.", nameof(frames));
        for (int start = 0; start < frames.Length; start += XelaSkin.ValuesPerFrame)
        {
            var frame = frames.Slice(start, XelaSkin.ValuesPerFrame);
            for (int i = 0; i < frame.Length; i++)
            {
                if (frame[i] == 0f) continue;
                float mean = _means[i];
                frame[i] = float.IsNaN(mean) ? 0f : frame[i] - mean;
            }
        }
    }

    /// <summary>JSON form (means in counts; NaN written as "NaN").</summary>
    public string ToJson() => JsonSerializer.Serialize(new Stored(RecordingFormat.Version, SkinId, _means), JsonOptions);

    /// <summary>Reads the JSON form written by <see cref="ToJson"/>.</summary>
    /// <exception cref="InvalidDataException">The text is not a baseline.</exception>
    public static TaxelBaseline FromJson(string json)
    {
        Stored? stored;
        try
        {
            stored = JsonSerializer.Deserialize<Stored>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"not a taxel baseline: {e.Message}", e);
        }
        if (stored?.MeansCounts is not { Length: XelaSkin.ValuesPerFrame })
            throw new InvalidDataException($"taxel baseline has {stored?.MeansCounts?.Length ?? 0} means; expected {XelaSkin.ValuesPerFrame}.");
        return new TaxelBaseline(stored.MeansCounts, stored.SkinId);
    }

    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = true,
    };

    private sealed record Stored(int FormatVersion, string? SkinId, float[] MeansCounts);

    /// <summary>Per-channel sums of valid (non-zero) values.</summary>
    private sealed class Accumulator
    {
        private readonly double[] _sum = new double[XelaSkin.ValuesPerFrame];
        private readonly long[] _count = new long[XelaSkin.ValuesPerFrame];

        public void Add(ReadOnlySpan<float> frames)
        {
            if (frames.Length % XelaSkin.ValuesPerFrame != 0)
                throw new ArgumentException($"{frames.Length} values are not whole frames of {XelaSkin.ValuesPerFrame}.", nameof(frames));
            for (int start = 0; start < frames.Length; start += XelaSkin.ValuesPerFrame)
            {
                var frame = frames.Slice(start, XelaSkin.ValuesPerFrame);
                for (int i = 0; i < frame.Length; i++)
                {
                    if (frame[i] == 0f) continue;
                    _sum[i] += frame[i];
                    _count[i]++;
                }
            }
        }

        public float[] Means()
        {
            var means = new float[_sum.Length];
            for (int i = 0; i < means.Length; i++) means[i] = _count[i] > 0 ? (float)(_sum[i] / _count[i]) : float.NaN;
            return means;
        }
    }
}

using Sparsh.Transforms.Recordings;

namespace Sparsh.Transforms.Preprocessing;

/// <summary>
/// Resamples one stream onto a time grid without crossing gaps and, for magnetic frames, without
/// letting invalid samples (value 0 after <see cref="ValidityFlagging"/>) leak into valid outputs.
/// </summary>
internal sealed class StreamResampler
{
    // Channels per spline solve: bounds the scratch memory (count x 64 doubles) for long recordings
    // while keeping the inner loops long enough to vectorise.
    private const int ChannelBlock = 64;

    private readonly double[] _x;
    private readonly float[] _y;
    private readonly int _width;
    private readonly bool _zeroIsInvalid;

    /// <param name="timestamps">Sample times (strictly increasing).</param>
    /// <param name="values">Row-major samples.</param>
    /// <param name="width">Values per sample.</param>
    /// <param name="zeroIsInvalid">True for flagged magnetic counts: 0 marks an invalid value.</param>
    public StreamResampler(double[] timestamps, float[] values, int width, bool zeroIsInvalid)
    {
        _x = timestamps;
        _y = values;
        _width = width;
        _zeroIsInvalid = zeroIsInvalid;
    }

    /// <summary>
    /// Writes the stream at each grid time into <paramref name="output"/> (grid x width). Grid frames that fall
    /// strictly inside an interval longer than <paramref name="maxGapSeconds"/> get <paramref name="gapValue"/> and
    /// <paramref name="frameOk"/>[k] = false; other entries of <paramref name="frameOk"/> are left untouched so several
    /// streams can be combined into one mask.
    /// </summary>
    public void Resample(double[] grid, Interpolation interpolation, double maxGapSeconds, float gapValue, float[] output, bool[] frameOk)
    {
        int n = _x.Length;
        int w = _width;
        // Interval of each grid time: lower knot index, or -1 inside a gap.
        var lower = new int[grid.Length];
        int i = 0;
        for (int k = 0; k < grid.Length; k++)
        {
            double t = Clamp(grid[k]);
            while (i < n - 1 && _x[i + 1] <= t) i++;
            bool exact = _x[i] == t;
            if (!exact && (t < _x[0] || i == n - 1 || _x[i + 1] - _x[i] > maxGapSeconds))
            {
                lower[k] = -1;
                frameOk[k] = false;
                output.AsSpan(k * w, w).Fill(gapValue);
                continue;
            }
            lower[k] = i;
        }

        // Gap-free segments of samples: nothing is interpolated, and no spline is coupled, across a gap.
        int segmentStart = 0, gridIndex = 0;
        for (int s = 0; s < n; s++)
        {
            if (s < n - 1 && _x[s + 1] - _x[s] <= maxGapSeconds) continue;
            int segmentEnd = s;   // inclusive
            int gridStart = gridIndex;
            while (gridIndex < grid.Length && (lower[gridIndex] < 0 || lower[gridIndex] <= segmentEnd)) gridIndex++;
            ResampleSegment(segmentStart, segmentEnd - segmentStart + 1, grid, gridStart, gridIndex, lower, interpolation, output);
            segmentStart = s + 1;
        }
    }

    // A grid time within a rounding error of the first or last sample is that sample: the grid is built
    // from k / rate and may miss the exact end point by an ulp.
    private double Clamp(double t)
    {
        double first = _x[0], last = _x[^1];
        double tolerance = 1e-9 + Math.Abs(t) * 1e-15;
        if (t < first && first - t <= tolerance) return first;
        if (t > last && t - last <= tolerance) return last;
        return t;
    }

    private void ResampleSegment(int start, int count, double[] grid, int gridStart, int gridEnd, int[] lower, Interpolation interpolation, float[] output)
    {
        int w = _width;
        NaturalCubicSpline? spline = interpolation == Interpolation.CubicSpline && count > 2 ? new NaturalCubicSpline(_x, start, count) : null;
        int block = Math.Min(w, ChannelBlock);
        var y = new double[count * block];
        var m = spline is null ? null : new double[count * block];

        for (int c0 = 0; c0 < w; c0 += block)
        {
            int channels = Math.Min(block, w - c0);
            Gather(start, count, c0, channels, y);
            spline?.SolveSecondDerivatives(y.AsSpan(0, count * channels), m.AsSpan(0, count * channels), channels);

            for (int k = gridStart; k < gridEnd; k++)
            {
                int i = lower[k];
                if (i < 0) continue;
                double t = Clamp(grid[k]);
                var target = output.AsSpan(k * w + c0, channels);
                int local = i - start;
                if (_x[i] == t || local == count - 1)
                {
                    // Exactly on a sample: that sample alone decides, including its validity (0 stays 0).
                    _y.AsSpan(i * w + c0, channels).CopyTo(target);
                    continue;
                }
                var rawLow = _y.AsSpan(i * w + c0, channels);
                var rawHigh = _y.AsSpan((i + 1) * w + c0, channels);
                var yLow = y.AsSpan(local * channels, channels);
                var yHigh = y.AsSpan((local + 1) * channels, channels);
                if (spline is null)
                {
                    double b = (t - _x[i]) / (_x[i + 1] - _x[i]), a = 1 - b;
                    for (int c = 0; c < channels; c++) target[c] = (float)(a * yLow[c] + b * yHigh[c]);
                }
                else
                {
                    var (a, b, ma, mb) = spline.Weights(local, t);
                    var mLow = m.AsSpan(local * channels, channels);
                    var mHigh = m.AsSpan((local + 1) * channels, channels);
                    for (int c = 0; c < channels; c++) target[c] = (float)(a * yLow[c] + b * yHigh[c] + ma * mLow[c] + mb * mHigh[c]);
                }
                if (_zeroIsInvalid)
                {
                    // Bracket rule: an output between two samples is invalid when either of them is.
                    for (int c = 0; c < channels; c++)
                        if (rawLow[c] == 0f || rawHigh[c] == 0f) target[c] = 0f;
                }
            }
        }
    }

    /// <summary>
    /// Copies a block of channels of one segment into <paramref name="y"/> (count x channels). For magnetic
    /// frames, each invalid value is replaced by the straight line between its channel's nearest valid
    /// neighbours (or the nearest valid value at the segment's ends), so the spline through the valid samples
    /// never sees the 0 marker; outputs bracketed by an invalid sample are zeroed afterwards anyway.
    /// </summary>
    private void Gather(int start, int count, int c0, int channels, double[] y)
    {
        int w = _width;
        for (int r = 0; r < count; r++)
        {
            var source = _y.AsSpan((start + r) * w + c0, channels);
            var target = y.AsSpan(r * channels, channels);
            for (int c = 0; c < channels; c++) target[c] = source[c];
        }
        if (!_zeroIsInvalid) return;

        for (int c = 0; c < channels; c++)
        {
            int previousValid = -1;
            for (int r = 0; r <= count; r++)
            {
                if (r < count && y[r * channels + c] == 0) continue;
                // r is valid (or the end): fill the invalid run (previousValid, r).
                int runStart = previousValid + 1;
                if (r > runStart)
                {
                    for (int q = runStart; q < r; q++)
                    {
                        double value;
                        if (previousValid < 0 && r == count) value = 0;                       // no valid sample at all
                        else if (previousValid < 0) value = y[r * channels + c];              // leading run
                        else if (r == count) value = y[previousValid * channels + c];         // trailing run
                        else
                        {
                            double tp = _x[start + previousValid], tn = _x[start + r];
                            double f = (_x[start + q] - tp) / (tn - tp);
                            value = y[previousValid * channels + c] + f * (y[r * channels + c] - y[previousValid * channels + c]);
                        }
                        y[q * channels + c] = value;
                    }
                }
                previousValid = r;
            }
        }
    }

    /// <summary>Median spacing of the samples in seconds (0 for fewer than two samples).</summary>
    public double MedianIntervalSeconds()
    {
        if (_x.Length < 2) return 0;
        var intervals = new double[_x.Length - 1];
        for (int i = 0; i < intervals.Length; i++) intervals[i] = _x[i + 1] - _x[i];
        Array.Sort(intervals);
        return intervals[intervals.Length / 2];
    }

    /// <summary>Keeps only rows whose values are all finite; returns the number of rows removed.</summary>
    public static int DropNonFiniteRows(TimeSeries series, out double[] timestamps, out float[] values)
    {
        int w = series.Width;
        var keep = new List<int>(series.Count);
        for (int r = 0; r < series.Count; r++)
        {
            bool finite = true;
            foreach (float v in series.Row(r)) finite &= float.IsFinite(v);
            if (finite) keep.Add(r);
        }
        if (keep.Count == series.Count)
        {
            timestamps = series.TimestampsSeconds;
            values = series.Values;
            return 0;
        }
        timestamps = new double[keep.Count];
        values = new float[keep.Count * w];
        for (int j = 0; j < keep.Count; j++)
        {
            timestamps[j] = series.TimestampsSeconds[keep[j]];
            series.Row(keep[j]).CopyTo(values.AsSpan(j * w, w));
        }
        return series.Count - keep.Count;
    }
}

namespace Sparsh.Transforms.Preprocessing;

/// <summary>
/// Natural cubic spline through many channels that share one set of knots.
/// </summary>
/// <remarks>
/// The tridiagonal system for the second derivatives depends only on the knot times, so its
/// elimination factors are computed once per segment and reused for every channel; channels are
/// stored row-major (knot x channel) so each elimination step is one contiguous sweep over channels.
/// </remarks>
internal sealed class NaturalCubicSpline
{
    private readonly double[] _knots;
    private readonly int _start;
    private readonly int _count;
    private readonly double[] _upper;   // c'_i of the Thomas algorithm
    private readonly double[] _pivot;   // 1 / (b_i - a_i c'_{i-1})

    /// <summary>Prepares the spline over knots <c>knots[start .. start + count)</c> (strictly increasing, count &gt;= 2).</summary>
    public NaturalCubicSpline(double[] knots, int start, int count)
    {
        _knots = knots;
        _start = start;
        _count = count;
        _upper = new double[count];
        _pivot = new double[count];
        for (int i = 1; i < count - 1; i++)
        {
            double hPrev = H(i - 1), h = H(i);
            double diagonal = 2 * (hPrev + h) - hPrev * (i > 1 ? _upper[i - 1] : 0);
            _pivot[i] = 1 / diagonal;
            _upper[i] = h * _pivot[i];
        }
    }

    private double H(int i) => _knots[_start + i + 1] - _knots[_start + i];

    /// <summary>
    /// Replaces <paramref name="y"/>-shaped <paramref name="secondDerivatives"/> (count x channels) with the
    /// spline's second derivatives at each knot, given values <paramref name="y"/> (count x channels).
    /// </summary>
    public void SolveSecondDerivatives(ReadOnlySpan<double> y, Span<double> secondDerivatives, int channels)
    {
        var m = secondDerivatives;
        m[..channels].Clear();
        m.Slice((_count - 1) * channels, channels).Clear();
        // Forward elimination: m_i holds d'_i.
        for (int i = 1; i < _count - 1; i++)
        {
            double hPrev = H(i - 1), h = H(i), pivot = _pivot[i];
            var yPrev = y.Slice((i - 1) * channels, channels);
            var yHere = y.Slice(i * channels, channels);
            var yNext = y.Slice((i + 1) * channels, channels);
            var mPrev = m.Slice((i - 1) * channels, channels);
            var mHere = m.Slice(i * channels, channels);
            // m_0 is zero (natural end), so the a_i * d'_{i-1} term vanishes at i == 1 by itself.
            for (int c = 0; c < channels; c++)
            {
                double rhs = 6 * ((yNext[c] - yHere[c]) / h - (yHere[c] - yPrev[c]) / hPrev);
                mHere[c] = (rhs - hPrev * mPrev[c]) * pivot;
            }
        }
        // Back substitution: m_i = d'_i - c'_i m_{i+1}; m_{count-1} is zero (natural end).
        for (int i = _count - 3; i >= 1; i--)
        {
            var mHere = m.Slice(i * channels, channels);
            var mNext = m.Slice((i + 1) * channels, channels);
            double upper = _upper[i];
            for (int c = 0; c < channels; c++) mHere[c] -= upper * mNext[c];
        }
    }

    /// <summary>Weights of the spline at time <paramref name="t"/> inside local interval <paramref name="i"/> (knots i, i+1).</summary>
    /// <returns>(weight of y_i, weight of y_{i+1}, weight of m_i, weight of m_{i+1}).</returns>
    public (double A, double B, double MA, double MB) Weights(int i, double t)
    {
        double h = H(i);
        double a = (_knots[_start + i + 1] - t) / h;
        double b = 1 - a;
        double scale = h * h / 6;
        return (a, b, (a * a * a - a) * scale, (b * b * b - b) * scale);
    }
}

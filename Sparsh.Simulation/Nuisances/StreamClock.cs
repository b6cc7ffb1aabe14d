namespace Sparsh.Simulation.Nuisances;

/// <summary>
/// Timestamps of a sensor stream with jitter and drop-outs: the device samples on its own grid, but the host
/// stamps each frame a little late or early and now and then loses a short burst of frames.
/// Timestamps stay strictly increasing, as a recorder would require.
/// </summary>
public sealed class StreamClock
{
    private readonly StreamTimingOptions _options;
    private readonly GaussianSampler _random;
    private long _tick;
    private int _dropsLeft;
    private double _last = double.NegativeInfinity;

    /// <summary>Creates a clock at time zero.</summary>
    public StreamClock(StreamTimingOptions? options = null, int seed = 0)
    {
        _options = options ?? new StreamTimingOptions();
        _options.Validate(null, nameof(options));
        _random = new GaussianSampler(seed);
    }

    /// <summary>Nominal time of the next sample, seconds.</summary>
    public double NominalSeconds => _tick / _options.RateHz;

    /// <summary>
    /// Advances one sample period. True with the stamped time when the frame reaches the host; false when it is
    /// dropped (the simulation still advances so that physics stays on the device's grid).
    /// </summary>
    public bool Next(out double timestampSeconds)
    {
        double nominal = _tick++ / _options.RateHz;
        if (_dropsLeft == 0 && _random.Uniform.NextDouble() < _options.DropProbability)
            _dropsLeft = 1 + _random.Uniform.Next(Math.Max(1, _options.MaxDroppedFrames));
        if (_dropsLeft > 0)
        {
            _dropsLeft--;
            timestampSeconds = nominal;
            return false;
        }
        double period = 1.0 / _options.RateHz;
        double stamped = nominal + Math.Clamp(_options.JitterStdSeconds * _random.Next(), -0.45 * period, 0.45 * period);
        timestampSeconds = Math.Max(stamped, _last + 1e-6);
        _last = timestampSeconds;
        return true;
    }
}

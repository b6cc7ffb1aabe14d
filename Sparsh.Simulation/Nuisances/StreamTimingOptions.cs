namespace Sparsh.Simulation.Nuisances;

/// <summary>Imperfect timing of a sensor stream: timestamp jitter and dropped frames.</summary>
public sealed record StreamTimingOptions
{
    /// <summary>Highest rate accepted, hertz: far above any sensor stream, low enough that a typo fails fast.</summary>
    public const double MaxRateHz = 100_000;

    /// <summary>Nominal rate, hertz.</summary>
    public double RateHz { get; init; } = 100.0;

    /// <summary>Standard deviation of the timestamp error, seconds (USB and driver latency).</summary>
    public double JitterStdSeconds { get; init; } = 0.0005;

    /// <summary>Probability that a frame starts a drop-out.</summary>
    public double DropProbability { get; init; } = 0.002;

    /// <summary>Longest drop-out, frames (lengths are uniform in 1..this).</summary>
    public int MaxDroppedFrames { get; init; } = 3;

    /// <summary>Refuses a rate outside (0, <see cref="MaxRateHz"/>], a negative or non-finite jitter, or a drop probability outside [0, 1].</summary>
    /// <param name="stream">The stream, for the message (e.g. "joints"); null when unknown.</param>
    /// <param name="paramName">The argument the options came in.</param>
    internal void Validate(string? stream, string paramName)
    {
        string where = stream is null ? "" : $"stream '{stream}': ";
        if (!(RateHz > 0) || !double.IsFinite(RateHz) || RateHz > MaxRateHz)
            throw new ArgumentOutOfRangeException(paramName, RateHz, $"{where}RateHz must be positive and at most {MaxRateHz} Hz.");
        if (!(JitterStdSeconds >= 0) || !double.IsFinite(JitterStdSeconds))
            throw new ArgumentOutOfRangeException(paramName, JitterStdSeconds, $"{where}JitterStdSeconds must be a finite number of seconds, 0 or more.");
        if (!(DropProbability is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(paramName, DropProbability, $"{where}DropProbability must be in [0, 1].");
    }
}

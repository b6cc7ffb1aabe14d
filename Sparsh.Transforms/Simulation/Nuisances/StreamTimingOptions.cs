namespace Sparsh.Transforms.Simulation;

/// <summary>Imperfect timing of a sensor stream: timestamp jitter and dropped frames.</summary>
public sealed record StreamTimingOptions
{
    /// <summary>Nominal rate, hertz.</summary>
    public double RateHz { get; init; } = 100.0;

    /// <summary>Standard deviation of the timestamp error, seconds (USB and driver latency).</summary>
    public double JitterStdSeconds { get; init; } = 0.0005;

    /// <summary>Probability that a frame starts a drop-out.</summary>
    public double DropProbability { get; init; } = 0.002;

    /// <summary>Longest drop-out, frames (lengths are uniform in 1..this).</summary>
    public int MaxDroppedFrames { get; init; } = 3;
}

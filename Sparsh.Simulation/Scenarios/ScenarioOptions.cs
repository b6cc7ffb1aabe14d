using Sparsh.Simulation.Nuisances;
using Sparsh.Transforms.Recordings;
using Sparsh.Transforms.Xela;

namespace Sparsh.Simulation.Scenarios;

/// <summary>Simulated time, stream timing and physics shared by every scenario generator.</summary>
public sealed record ScenarioOptions
{
    /// <summary>
    /// Longest simulated recording, seconds (one day). The frames must also fit one recording
    /// (<see cref="XelaRecording.MaxMagneticFrames"/>, about 5.4 hours at 100 Hz): hours of play are best several recordings.
    /// </summary>
    public const double MaxDurationSeconds = 86_400;

    /// <summary>Simulated time per recording, seconds.</summary>
    public double DurationSeconds { get; init; } = 60.0;

    /// <summary>Skin physics; its <see cref="SkinSimulatorOptions.FrameRateHz"/> is the magnetic stream's device rate.</summary>
    public SkinSimulatorOptions Physics { get; init; } = new();

    /// <summary>Timing of the magnetic stream (its rate is taken from <see cref="Physics"/>).</summary>
    public StreamTimingOptions MagneticTiming { get; init; } = new();

    /// <summary>Timing of the joint stream: the Allegro hand's controller reports at about 333 Hz.</summary>
    public StreamTimingOptions JointTiming { get; init; } = new() { RateHz = 333.0, JitterStdSeconds = 0.0002, DropProbability = 0.001, MaxDroppedFrames = 2 };

    /// <summary>Joint encoder noise, radians.</summary>
    public double EncoderNoiseStdRadians { get; init; } = 0.002;

    /// <summary>Joint encoder resolution, radians.</summary>
    public double EncoderResolutionRadians { get; init; } = 0.0005;

    /// <summary>How the hand moves where a scenario moves it.</summary>
    public JointTrajectoryOptions Trajectory { get; init; } = new();

    /// <summary>
    /// Refuses a duration that is not positive, above <see cref="MaxDurationSeconds"/> or more frames than a recording holds,
    /// and rates outside their bounds; checked before anything is allocated.
    /// </summary>
    internal void Validate(string paramName)
    {
        if (!(DurationSeconds > 0) || !double.IsFinite(DurationSeconds) || DurationSeconds > MaxDurationSeconds)
            throw new ArgumentOutOfRangeException(paramName, DurationSeconds, $"DurationSeconds must be positive and at most {MaxDurationSeconds} s.");
        Physics.Validate(paramName);
        // The magnetic stream runs at the physics rate, whatever MagneticTiming.RateHz says.
        (MagneticTiming with { RateHz = Physics.FrameRateHz }).Validate(RecordingFormat.MagneticStream, paramName);
        JointTiming.Validate(RecordingFormat.JointsStream, paramName);
        double frames = Math.Round(DurationSeconds * Physics.FrameRateHz);
        if (frames > XelaRecording.MaxMagneticFrames)
            throw new ArgumentOutOfRangeException(paramName, DurationSeconds,
                $"DurationSeconds {DurationSeconds} at {Physics.FrameRateHz} Hz is {frames} magnetic frames; a recording holds at most " +
                $"{XelaRecording.MaxMagneticFrames} ({XelaRecording.MaxMagneticFrames / Physics.FrameRateHz:0} s at that rate). Simulate several shorter recordings.");
        double jointRows = Math.Floor(DurationSeconds * JointTiming.RateHz) + 1;
        if (jointRows > int.MaxValue / XelaSkin.JointCount)
            throw new ArgumentOutOfRangeException(paramName, DurationSeconds,
                $"DurationSeconds {DurationSeconds} at the joints' {JointTiming.RateHz} Hz is {jointRows} joint samples; a recording holds at most {int.MaxValue / XelaSkin.JointCount}.");
    }
}

namespace Sparsh.Transforms.Simulation;

/// <summary>Simulated time, stream timing and physics shared by every scenario generator.</summary>
public sealed record ScenarioOptions
{
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
}

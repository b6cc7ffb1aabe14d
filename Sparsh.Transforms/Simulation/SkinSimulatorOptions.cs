using Sparsh.Transforms.Xela;

namespace Sparsh.Transforms.Simulation;

/// <summary>Everything the skin simulator's physics takes, with documented defaults (docs/simulator.md).</summary>
public sealed record SkinSimulatorOptions
{
    /// <summary>Sensor frame rate, hertz.</summary>
    public double FrameRateHz { get; init; } = XelaSkin.FrameRateHz;

    /// <summary>Contact and spreading.</summary>
    public ContactModelOptions Contact { get; init; } = new();

    /// <summary>Magnet, elastomer stiffness and crosstalk.</summary>
    public TransductionOptions Transduction { get; init; } = new();

    /// <summary>Hysteresis and creep.</summary>
    public ViscoelasticOptions Viscoelastic { get; init; } = new();

    /// <summary>Noise and drift.</summary>
    public NoiseOptions Noise { get; init; } = new();
}

using Sparsh.Simulation.Contact;
using Sparsh.Simulation.Nuisances;
using Sparsh.Simulation.Transduction;
using Sparsh.Transforms.Xela;

namespace Sparsh.Simulation;

/// <summary>Everything the skin simulator's physics takes, with documented defaults (docs/simulator.md).</summary>
public sealed record SkinSimulatorOptions
{
    /// <summary>Highest frame rate accepted, hertz: far above any tactile sensor, low enough that a typo fails fast.</summary>
    public const double MaxFrameRateHz = 100_000;

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

    /// <summary>Refuses a frame rate that is not positive, not finite or above <see cref="MaxFrameRateHz"/>.</summary>
    internal void Validate(string paramName)
    {
        if (!(FrameRateHz > 0) || !double.IsFinite(FrameRateHz) || FrameRateHz > MaxFrameRateHz)
            throw new ArgumentOutOfRangeException(paramName, FrameRateHz, $"FrameRateHz must be positive and at most {MaxFrameRateHz} Hz.");
    }
}

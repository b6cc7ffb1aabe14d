namespace Sparsh.Simulation.Nuisances;

/// <summary>Sensor noise and slow drift added to every reading.</summary>
public sealed record NoiseOptions
{
    /// <summary>Standard deviation of white Gaussian noise per axis, counts.</summary>
    public float NoiseStdCounts { get; init; } = 3f;

    /// <summary>Standard deviation of the skin's temperature deviation (one Ornstein-Uhlenbeck process per skin), kelvin.</summary>
    public float TemperatureStdKelvin { get; init; } = 0.5f;

    /// <summary>Correlation time of the temperature deviation, seconds.</summary>
    public float TemperatureTimeConstantSeconds { get; init; } = 120f;

    /// <summary>Turns drift (temperature and per-taxel slow sines) on or off.</summary>
    public bool Drift { get; init; } = true;
}

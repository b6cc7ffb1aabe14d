namespace Sparsh.Simulation.Skins;

/// <summary>How much one simulated skin differs from the nominal one.</summary>
public sealed record SkinProfileOptions
{
    /// <summary>Lowest per-taxel, per-axis rest reading, counts.</summary>
    public float OffsetMinCounts { get; init; } = 28_000f;

    /// <summary>Highest per-taxel, per-axis rest reading, counts (leaves room for a contact's swing inside 20000-60000).</summary>
    public float OffsetMaxCounts { get; init; } = 48_000f;

    /// <summary>Nominal gain of the shear axes x and y, counts per unit rest field.</summary>
    public float ShearGainCounts { get; init; } = 4_000f;

    /// <summary>Nominal gain of the normal axis z, counts per unit rest field.</summary>
    public float NormalGainCounts { get; init; } = 1_500f;

    /// <summary>Log-normal spread of the per-taxel, per-axis gains (standard deviation of ln gain).</summary>
    public float GainLogStd { get; init; } = 0.15f;

    /// <summary>Relative spread of the magnet's rest height (uniform, +-).</summary>
    public float MagnetHeightSpread { get; init; } = 0.05f;

    /// <summary>Largest lateral misplacement of a magnet over its sensor, metres (couples normal load into x/y).</summary>
    public float MagnetOffsetMetres { get; init; } = 0.00005f;

    /// <summary>Expected number of dead taxels per skin (Poisson); each reads 0 or 65535.</summary>
    public double MeanDeadTaxels { get; init; } = 3;

    /// <summary>Expected number of stuck taxels per skin (Poisson).</summary>
    public double MeanStuckTaxels { get; init; } = 1;

    /// <summary>Standard deviation of each reading's temperature sensitivity, counts per kelvin.</summary>
    public float TemperatureSensitivityStdCounts { get; init; } = 15f;

    /// <summary>Largest amplitude of each reading's slow sinusoidal wander, counts.</summary>
    public float WanderAmplitudeCounts { get; init; } = 10f;

    /// <summary>Shortest and longest period of that wander, seconds.</summary>
    public (float Min, float Max) WanderPeriodSeconds { get; init; } = (60f, 600f);
}

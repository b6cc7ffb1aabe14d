using Sparsh.Simulation.Skins;

namespace Sparsh.Simulation.Transduction;

/// <summary>Magnet-in-elastomer over a 3-axis Hall sensor: stiffness, geometry and crosstalk.</summary>
public sealed record TransductionOptions
{
    /// <summary>Initial normal stiffness k0 of the elastomer column over a magnet, newtons per metre.</summary>
    public float NormalStiffness { get; init; } = 1500f;

    /// <summary>Normal stiffening k1, per metre: displacement = F / (k0 + k1 |F|) saturates at 1/k1 (here 0.5 mm, a quarter of the magnet height).</summary>
    public float NormalStiffening { get; init; } = 2000f;

    /// <summary>Initial shear stiffness, newtons per metre.</summary>
    public float ShearStiffness { get; init; } = 3000f;

    /// <summary>Shear stiffening, per metre (lateral magnet travel saturates at 1/value, here 0.5 mm).</summary>
    public float ShearStiffening { get; init; } = 2000f;

    /// <summary>Rest height of the magnet above the Hall sensor, metres (per skin it varies, see <see cref="SkinProfileOptions"/>).</summary>
    public float MagnetHeightMetres { get; init; } = 0.002f;

    /// <summary>Fraction of a neighbour's field change seen by a taxel at one neighbour pitch (falls off as distance^-3).</summary>
    public float Crosstalk { get; init; } = 0.03f;
}

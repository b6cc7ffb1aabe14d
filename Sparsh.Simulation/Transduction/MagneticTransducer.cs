using System.Numerics;

namespace Sparsh.Simulation.Transduction;

/// <summary>
/// Load on a taxel (local frame: x, y shear, z normal) to the change of the magnetic field at its Hall
/// sensor. The elastomer stiffens (displacement = F / (k0 + k1 |F|)), and the magnet is a z-oriented dipole
/// whose field at the sensor goes as (3 r (m.r) - m) / r^3: nonlinear and bounded because travel is.
/// Fields are in units of the rest field |B_z| of a centred magnet at the nominal height.
/// </summary>
public sealed class MagneticTransducer
{
    private readonly TransductionOptions _options;

    /// <summary>Creates the transducer.</summary>
    public MagneticTransducer(TransductionOptions? options = null) => _options = options ?? new TransductionOptions();

    /// <summary>Options in use.</summary>
    public TransductionOptions Options => _options;

    /// <summary>Magnet displacement (metres, local frame; z positive towards the sensor) under a load in newtons.</summary>
    public Vector3 Displacement(Vector3 loadNewtons) => new(
        Stiffen(loadNewtons.X, _options.ShearStiffness, _options.ShearStiffening),
        Stiffen(loadNewtons.Y, _options.ShearStiffness, _options.ShearStiffening),
        // The elastomer is only pushed, never pulled by a contact.
        Stiffen(MathF.Max(loadNewtons.Z, 0f), _options.NormalStiffness, _options.NormalStiffening));

    /// <summary>
    /// Field at the sensor from a magnet resting at (<paramref name="restOffset"/>.X, .Y, <paramref name="heightMetres"/>)
    /// moved by <paramref name="displacement"/>.
    /// </summary>
    public Vector3 Field(Vector3 restOffset, float heightMetres, Vector3 displacement)
    {
        float x = restOffset.X + displacement.X;
        float y = restOffset.Y + displacement.Y;
        // Keep a sliver of elastomer between magnet and sensor whatever the load.
        float z = MathF.Max(heightMetres - displacement.Z, 0.1f * heightMetres);
        float r2 = x * x + y * y + z * z;
        float inverseR5 = 1f / (r2 * r2 * MathF.Sqrt(r2));
        float h = _options.MagnetHeightMetres;
        float scale = 0.5f * h * h * h * inverseR5;
        return new Vector3(3f * x * z * scale, 3f * y * z * scale, (3f * z * z - r2) * scale);
    }

    private static float Stiffen(float force, float stiffness, float stiffening) => force / (stiffness + stiffening * MathF.Abs(force));
}

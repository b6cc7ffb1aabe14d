using System.Numerics;

namespace Sparsh.Simulation.Contact;

/// <summary>
/// One rigid object touching the skin during one frame, in the palm (hand base) frame, metres. Objects are
/// rigid against the soft elastomer, so only their shape and pose matter; indentation comes from overlap.
/// </summary>
/// <param name="Shape">Primitive.</param>
/// <param name="Centre">Sphere/cylinder/box centre, or a point on a plane.</param>
/// <param name="Axis">Cylinder axis, or a plane's outward normal (unit).</param>
/// <param name="Radius">Sphere or cylinder radius, metres.</param>
/// <param name="HalfLength">Cylinder half length, metres.</param>
/// <param name="HalfExtents">Box half extents in its own frame, metres.</param>
/// <param name="Orientation">Box orientation (box frame to palm frame).</param>
/// <param name="ShearDisplacementMetres">
/// How far the object has dragged the elastomer surface tangentially since it touched (stick phase), palm
/// frame; the tangential part at each taxel sets that taxel's shear traction (Coulomb-capped).
/// </param>
/// <param name="FrictionCoefficient">Coulomb friction between object and elastomer.</param>
public readonly record struct ContactObject(
    ContactShape Shape,
    Vector3 Centre,
    Vector3 Axis,
    float Radius,
    float HalfLength,
    Vector3 HalfExtents,
    Quaternion Orientation,
    Vector3 ShearDisplacementMetres,
    float FrictionCoefficient)
{
    /// <summary>Friction of silicone elastomer against common household materials.</summary>
    public const float DefaultFriction = 0.8f;

    /// <summary>A sphere (ball, rounded indenter tip).</summary>
    public static ContactObject Sphere(Vector3 centre, float radiusMetres) =>
        new(ContactShape.Sphere, centre, Vector3.UnitZ, radiusMetres, 0f, Vector3.Zero, Quaternion.Identity, Vector3.Zero, DefaultFriction);

    /// <summary>A cylinder of the given axis (normalised here), radius and half length.</summary>
    public static ContactObject Cylinder(Vector3 centre, Vector3 axis, float radiusMetres, float halfLengthMetres) =>
        new(ContactShape.Cylinder, centre, Vector3.Normalize(axis), radiusMetres, halfLengthMetres, Vector3.Zero, Quaternion.Identity, Vector3.Zero, DefaultFriction);

    /// <summary>An oriented box, e.g. a flat square indenter tip.</summary>
    public static ContactObject Box(Vector3 centre, Quaternion orientation, Vector3 halfExtentsMetres) =>
        new(ContactShape.Box, centre, Vector3.UnitZ, 0f, 0f, halfExtentsMetres, Quaternion.Normalize(orientation), Vector3.Zero, DefaultFriction);

    /// <summary>A half-space whose solid side lies opposite <paramref name="outwardNormal"/>.</summary>
    public static ContactObject Plane(Vector3 pointOnSurface, Vector3 outwardNormal) =>
        new(ContactShape.Plane, pointOnSurface, Vector3.Normalize(outwardNormal), 0f, 0f, Vector3.Zero, Quaternion.Identity, Vector3.Zero, DefaultFriction);

    /// <summary>This contact with the given tangential drag of the skin surface.</summary>
    public ContactObject WithShear(Vector3 shearDisplacementMetres) => this with { ShearDisplacementMetres = shearDisplacementMetres };

    /// <summary>
    /// How far the object has turned the elastomer surface about the skin's outward normal since it touched (stick phase),
    /// radians, counter-clockwise seen from the object: a taxel at tangential offset r from <see cref="Centre"/> is dragged
    /// by twist x (normal x r) on top of <see cref="ShearDisplacementMetres"/>, so a turning object shears the skin around
    /// it in opposite directions on opposite sides (zero: no turning).
    /// </summary>
    public float ShearTwistRadians { get; init; }

    /// <summary>This contact with the given twist of the skin surface (<see cref="ShearTwistRadians"/>).</summary>
    public ContactObject WithTwist(float shearTwistRadians) => this with { ShearTwistRadians = shearTwistRadians };

    /// <summary>Radius of a sphere around <see cref="Centre"/> that holds the whole object (infinite for a plane).</summary>
    public float BoundingRadiusMetres => Shape switch
    {
        ContactShape.Sphere => Radius,
        ContactShape.Cylinder => HalfLength + Radius,
        ContactShape.Box => HalfExtents.Length(),
        _ => float.PositiveInfinity,
    };
}

using System.Numerics;
using Sparsh.Simulation.Contact;

namespace Sparsh.Simulation.Scenarios;

/// <summary>
/// A rigid object or indenter tip of fixed shape and size, placed against the skin by scenario generators.
/// </summary>
/// <param name="Name">Short name, e.g. "sphere-20mm".</param>
/// <param name="Shape">Sphere, cylinder (capsule) or box.</param>
/// <param name="RadiusMetres">Sphere or cylinder radius.</param>
/// <param name="HalfLengthMetres">Cylinder half length.</param>
/// <param name="HalfExtentsMetres">Box half extents (z is the half height, normal to the skin when placed).</param>
public sealed record SimulatedObject(string Name, ContactShape Shape, float RadiusMetres, float HalfLengthMetres, Vector3 HalfExtentsMetres)
{
    /// <summary>Deepest placement: 90 % of the radius (sphere, cylinder) or of the half height (box).</summary>
    public float MaxDepthMetres => 0.9f * (Shape == ContactShape.Box ? HalfExtentsMetres.Z : RadiusMetres);

    /// <summary>A ball.</summary>
    public static SimulatedObject Sphere(string name, float radiusMetres) => new(name, ContactShape.Sphere, radiusMetres, 0f, Vector3.Zero);

    /// <summary>A cylinder lying on the skin (axis tangent to it when placed).</summary>
    public static SimulatedObject Cylinder(string name, float radiusMetres, float halfLengthMetres) => new(name, ContactShape.Cylinder, radiusMetres, halfLengthMetres, Vector3.Zero);

    /// <summary>A box placed flat on the skin.</summary>
    public static SimulatedObject Box(string name, Vector3 halfExtentsMetres) => new(name, ContactShape.Box, 0f, 0f, halfExtentsMetres);

    /// <summary>Household objects of play: balls, cylinders and boxes of a few sizes.</summary>
    public static IReadOnlyList<SimulatedObject> PlaySet { get; } =
    [
        Sphere("sphere-10mm", 0.010f), Sphere("sphere-20mm", 0.020f), Sphere("sphere-35mm", 0.035f),
        Cylinder("cylinder-8mm", 0.008f, 0.030f), Cylinder("cylinder-15mm", 0.015f, 0.040f), Cylinder("cylinder-25mm", 0.025f, 0.050f),
        Box("box-small", new Vector3(0.010f, 0.010f, 0.010f)), Box("box-medium", new Vector3(0.020f, 0.015f, 0.010f)), Box("box-flat", new Vector3(0.030f, 0.030f, 0.005f)),
    ];

    /// <summary>Indenter tips of force probing: a small sphere, a flat square tip and a cylinder edge.</summary>
    public static IReadOnlyList<SimulatedObject> IndenterTips { get; } =
    [
        Sphere("tip-sphere-3mm", 0.003f),
        Box("tip-flat-5mm", new Vector3(0.0025f, 0.0025f, 0.005f)),
        Cylinder("tip-edge-1.5mm", 0.0015f, 0.004f),
    ];

    /// <summary>
    /// The object pressed <paramref name="depthMetres"/> into the skin at <paramref name="frame"/>, shifted
    /// (<paramref name="u"/>, <paramref name="v"/>) along its tangent axes and turned <paramref name="yawRadians"/>
    /// about its normal (a cylinder's axis and a box's x axis follow the yaw), dragging the skin by
    /// <paramref name="dragMetres"/> (palm frame).
    /// </summary>
    /// <remarks>
    /// Depth is capped at <see cref="MaxDepthMetres"/>: the contact model only counts an object whose centre is
    /// outside the skin, and a thin tip pushed deeper than that would vanish instead of pressing harder.
    /// </remarks>
    public ContactObject Place(in TaxelFrame frame, float depthMetres, float u, float v, float yawRadians, Vector3 dragMetres)
    {
        depthMetres = MathF.Min(depthMetres, MaxDepthMetres);
        ContactObject contact = Shape switch
        {
            ContactShape.Sphere => ContactObject.Sphere(frame.At(u, v, RadiusMetres - depthMetres), RadiusMetres),
            ContactShape.Cylinder => ContactObject.Cylinder(frame.At(u, v, RadiusMetres - depthMetres), frame.Tangent(yawRadians), RadiusMetres, HalfLengthMetres),
            ContactShape.Box => ContactObject.Box(frame.At(u, v, HalfExtentsMetres.Z - depthMetres), frame.Orientation(yawRadians), HalfExtentsMetres),
            _ => throw new InvalidOperationException($"Object '{Name}': shape {Shape} cannot be placed on a taxel."),
        };
        return contact.WithShear(dragMetres);
    }
}

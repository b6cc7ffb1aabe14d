namespace Sparsh.Simulation.Contact;

/// <summary>Geometric primitive of a contacting object.</summary>
public enum ContactShape
{
    /// <summary>Ball or rounded indenter tip: centre and radius.</summary>
    Sphere,

    /// <summary>Cylinder (treated as a capsule: rounded ends): centre, unit axis, radius, half length.</summary>
    Cylinder,

    /// <summary>Oriented box, also a flat indenter tip: centre, orientation, half extents.</summary>
    Box,

    /// <summary>Half-space (table top, large flat indenter): a point on the surface and its outward unit normal.</summary>
    Plane,
}

using System.Numerics;

namespace Sparsh.Simulation.Contact;

/// <summary>
/// Overlap of one object with the skin as seen by one taxel: the skin there is approximated by the taxel's
/// tangent plane, so the indentation is continuous as an object moves between taxels (no aliasing at the
/// taxel pitch), and the lateral distance says how far the taxel is from the contact footprint.
/// </summary>
internal static class ContactProbe
{
    /// <summary>Curvature radius standing in for flat faces (box, plane), metres.</summary>
    public const float FlatRadius = float.PositiveInfinity;

    /// <summary>
    /// Indentation of <paramref name="contact"/> into the tangent plane of the taxel at <paramref name="point"/>
    /// with outward <paramref name="normal"/>. False when the object does not press on that side of the skin.
    /// </summary>
    /// <param name="contact">The object.</param>
    /// <param name="point">Taxel position, palm frame, metres.</param>
    /// <param name="normal">Taxel outward unit normal.</param>
    /// <param name="depthMetres">How far the object reaches below the tangent plane.</param>
    /// <param name="lateralMetres">In-plane distance from the taxel to the contact footprint.</param>
    /// <param name="curvatureRadiusMetres">Object curvature there (infinite for flat faces).</param>
    public static bool Probe(in ContactObject contact, Vector3 point, Vector3 normal,
        out float depthMetres, out float lateralMetres, out float curvatureRadiusMetres)
    {
        switch (contact.Shape)
        {
            case ContactShape.Sphere:
                curvatureRadiusMetres = contact.Radius;
                return Ball(contact.Centre, contact.Radius, point, normal, out depthMetres, out lateralMetres);
            case ContactShape.Cylinder:
            {
                // Capsule: the taxel sees the cross-section nearest to it, a ball on the axis segment.
                curvatureRadiusMetres = contact.Radius;
                float t = Math.Clamp(Vector3.Dot(point - contact.Centre, contact.Axis), -contact.HalfLength, contact.HalfLength);
                return Ball(contact.Centre + t * contact.Axis, contact.Radius, point, normal, out depthMetres, out lateralMetres);
            }
            case ContactShape.Box:
                curvatureRadiusMetres = FlatRadius;
                return Box(contact, point, normal, out depthMetres, out lateralMetres);
            default:
            {
                curvatureRadiusMetres = FlatRadius;
                lateralMetres = 0f;
                // A half-space only presses skin that faces it.
                depthMetres = -Vector3.Dot(point - contact.Centre, contact.Axis);
                return Vector3.Dot(normal, contact.Axis) < 0f && depthMetres > 0f;
            }
        }
    }

    private static bool Ball(Vector3 centre, float radius, Vector3 point, Vector3 normal, out float depth, out float lateral)
    {
        Vector3 v = centre - point;
        float height = Vector3.Dot(v, normal);
        depth = radius - height;
        lateral = (v - height * normal).Length();
        // The centre must be outside the skin: a ball behind the surface belongs to another patch.
        return height > 0f && depth > 0f;
    }

    private static bool Box(in ContactObject box, Vector3 point, Vector3 normal, out float depth, out float lateral)
    {
        var inverse = Quaternion.Conjugate(box.Orientation);
        Vector3 localNormal = Vector3.Transform(normal, inverse);
        Vector3 localPoint = Vector3.Transform(point - box.Centre, inverse);
        Vector3 e = box.HalfExtents;
        // Deepest point of the box below the plane is the vertex furthest along -normal.
        float centreHeight = -Vector3.Dot(localPoint, localNormal);
        depth = MathF.Abs(localNormal.X) * e.X + MathF.Abs(localNormal.Y) * e.Y + MathF.Abs(localNormal.Z) * e.Z - centreHeight;
        Vector3 closest = Vector3.Clamp(localPoint, -e, e);
        Vector3 offset = closest - localPoint;
        lateral = (offset - Vector3.Dot(offset, localNormal) * localNormal).Length();
        return centreHeight > 0f && depth > 0f;
    }
}

using System.Numerics;

namespace Sparsh.Simulation.Scenarios;

/// <summary>A taxel's pose in the palm frame: position and the local axes the simulator reads forces in (x, y tangent, z outward normal).</summary>
public readonly record struct TaxelFrame(Vector3 Origin, Vector3 X, Vector3 Y, Vector3 Normal)
{
    /// <summary>A point <paramref name="height"/> above the skin, offset (<paramref name="u"/>, <paramref name="v"/>) along the tangent axes.</summary>
    public Vector3 At(float u, float v, float height) => Origin + u * X + v * Y + height * Normal;

    /// <summary>Tangent direction at angle <paramref name="angleRadians"/> from the local x axis.</summary>
    public Vector3 Tangent(float angleRadians) => MathF.Cos(angleRadians) * X + MathF.Sin(angleRadians) * Y;

    /// <summary>Rotation taking an object's own x, y, z to the tangent direction at <paramref name="yawRadians"/>, its perpendicular, and the normal.</summary>
    public Quaternion Orientation(float yawRadians)
    {
        Vector3 x = Tangent(yawRadians), z = Normal, y = Vector3.Cross(z, x);
        // System.Numerics rotates row vectors, so the rows are the images of the object's axes.
        var matrix = new Matrix4x4(x.X, x.Y, x.Z, 0, y.X, y.Y, y.Z, 0, z.X, z.Y, z.Z, 0, 0, 0, 0, 1);
        return Quaternion.Normalize(Quaternion.CreateFromRotationMatrix(matrix));
    }

    /// <summary>A vector expressed in this frame (x, y along the tangent axes, z along the normal).</summary>
    public Vector3 ToLocal(Vector3 vector) => new(Vector3.Dot(vector, X), Vector3.Dot(vector, Y), Vector3.Dot(vector, Normal));
}

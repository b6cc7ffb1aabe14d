using System.Numerics;

namespace Sparsh.Transforms.Hand;

/// <summary>
/// A rigid transform (rotation matrix and translation, double precision) mapping points of a child frame
/// into its parent frame: <c>p_parent = R * p_child + t</c>.
/// </summary>
/// <remarks>Unmanaged on purpose so forward kinematics can keep link poses in a stack-allocated span.</remarks>
public readonly struct RigidTransform
{
    /// <summary>Creates a transform from a row-major rotation matrix and a translation (metres).</summary>
    public RigidTransform(
        double r00, double r01, double r02,
        double r10, double r11, double r12,
        double r20, double r21, double r22,
        double tx, double ty, double tz)
    {
        R00 = r00; R01 = r01; R02 = r02;
        R10 = r10; R11 = r11; R12 = r12;
        R20 = r20; R21 = r21; R22 = r22;
        Tx = tx; Ty = ty; Tz = tz;
    }

    /// <summary>The identity transform.</summary>
    public static RigidTransform Identity { get; } = new(1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0);

    /// <summary>Rotation row 0, column 0.</summary>
    public double R00 { get; }
    /// <summary>Rotation row 0, column 1.</summary>
    public double R01 { get; }
    /// <summary>Rotation row 0, column 2.</summary>
    public double R02 { get; }
    /// <summary>Rotation row 1, column 0.</summary>
    public double R10 { get; }
    /// <summary>Rotation row 1, column 1.</summary>
    public double R11 { get; }
    /// <summary>Rotation row 1, column 2.</summary>
    public double R12 { get; }
    /// <summary>Rotation row 2, column 0.</summary>
    public double R20 { get; }
    /// <summary>Rotation row 2, column 1.</summary>
    public double R21 { get; }
    /// <summary>Rotation row 2, column 2.</summary>
    public double R22 { get; }
    /// <summary>Translation x, metres.</summary>
    public double Tx { get; }
    /// <summary>Translation y, metres.</summary>
    public double Ty { get; }
    /// <summary>Translation z, metres.</summary>
    public double Tz { get; }

    /// <summary>
    /// The transform of a URDF <c>&lt;origin xyz rpy&gt;</c>: translation (metres) and fixed-axis roll, pitch, yaw
    /// (radians), i.e. <c>R = Rz(yaw) * Ry(pitch) * Rx(roll)</c>.
    /// </summary>
    public static RigidTransform FromUrdfOrigin(double x, double y, double z, double roll, double pitch, double yaw)
    {
        var (sr, cr) = Math.SinCos(roll);
        var (sp, cp) = Math.SinCos(pitch);
        var (sy, cy) = Math.SinCos(yaw);
        return new RigidTransform(
            cy * cp, cy * sp * sr - sy * cr, cy * sp * cr + sy * sr,
            sy * cp, sy * sp * sr + cy * cr, sy * sp * cr - cy * sr,
            -sp, cp * sr, cp * cr,
            x, y, z);
    }

    /// <summary>A pure rotation by <paramref name="angleRadians"/> about a unit axis (right-hand rule).</summary>
    public static RigidTransform FromAxisAngle(double axisX, double axisY, double axisZ, double angleRadians)
    {
        var (s, c) = Math.SinCos(angleRadians);
        return FromAxisSinCos(axisX, axisY, axisZ, s, c);
    }

    /// <summary>Rodrigues' formula with sine and cosine already known, so a caller computes them once per joint.</summary>
    internal static RigidTransform FromAxisSinCos(double x, double y, double z, double s, double c)
    {
        var t = 1 - c;
        return new RigidTransform(
            t * x * x + c, t * x * y - s * z, t * x * z + s * y,
            t * x * y + s * z, t * y * y + c, t * y * z - s * x,
            t * x * z - s * y, t * y * z + s * x, t * z * z + c,
            0, 0, 0);
    }

    /// <summary>
    /// <c>this * R</c> for R a rotation about coordinate axis <paramref name="axis"/> (0 = x, 1 = y, 2 = z) with the
    /// given sine and cosine: only two rotation columns change, so this costs a fraction of <see cref="Compose"/>.
    /// </summary>
    internal RigidTransform ComposeAxisRotation(int axis, double s, double c) => axis switch
    {
        0 => new(
            R00, c * R01 + s * R02, c * R02 - s * R01,
            R10, c * R11 + s * R12, c * R12 - s * R11,
            R20, c * R21 + s * R22, c * R22 - s * R21,
            Tx, Ty, Tz),
        1 => new(
            c * R00 - s * R02, R01, s * R00 + c * R02,
            c * R10 - s * R12, R11, s * R10 + c * R12,
            c * R20 - s * R22, R21, s * R20 + c * R22,
            Tx, Ty, Tz),
        _ => new(
            c * R00 + s * R01, c * R01 - s * R00, R02,
            c * R10 + s * R11, c * R11 - s * R10, R12,
            c * R20 + s * R21, c * R21 - s * R20, R22,
            Tx, Ty, Tz),
    };

    /// <summary><c>this * T</c> for T a pure translation: the rotation is unchanged, so 9 multiplications suffice.</summary>
    internal RigidTransform ComposeTranslation(double x, double y, double z) => new(
        R00, R01, R02,
        R10, R11, R12,
        R20, R21, R22,
        R00 * x + R01 * y + R02 * z + Tx,
        R10 * x + R11 * y + R12 * z + Ty,
        R20 * x + R21 * y + R22 * z + Tz);

    /// <summary>Whether the rotation is exactly the identity (URDF origins without rpy).</summary>
    internal bool HasIdentityRotation =>
        R00 == 1 && R01 == 0 && R02 == 0 && R10 == 0 && R11 == 1 && R12 == 0 && R20 == 0 && R21 == 0 && R22 == 1;

    /// <summary>The composition <c>this * child</c>: first <paramref name="child"/>, then this transform.</summary>
    public RigidTransform Compose(in RigidTransform child) => new(
        R00 * child.R00 + R01 * child.R10 + R02 * child.R20,
        R00 * child.R01 + R01 * child.R11 + R02 * child.R21,
        R00 * child.R02 + R01 * child.R12 + R02 * child.R22,
        R10 * child.R00 + R11 * child.R10 + R12 * child.R20,
        R10 * child.R01 + R11 * child.R11 + R12 * child.R21,
        R10 * child.R02 + R11 * child.R12 + R12 * child.R22,
        R20 * child.R00 + R21 * child.R10 + R22 * child.R20,
        R20 * child.R01 + R21 * child.R11 + R22 * child.R21,
        R20 * child.R02 + R21 * child.R12 + R22 * child.R22,
        R00 * child.Tx + R01 * child.Ty + R02 * child.Tz + Tx,
        R10 * child.Tx + R11 * child.Ty + R12 * child.Tz + Ty,
        R20 * child.Tx + R21 * child.Ty + R22 * child.Tz + Tz);

    /// <summary>The composition <c>parent * child</c>.</summary>
    public static RigidTransform operator *(in RigidTransform parent, in RigidTransform child) => parent.Compose(child);

    /// <summary>The inverse transform (transpose of the rotation).</summary>
    public RigidTransform Inverse() => new(
        R00, R10, R20,
        R01, R11, R21,
        R02, R12, R22,
        -(R00 * Tx + R10 * Ty + R20 * Tz),
        -(R01 * Tx + R11 * Ty + R21 * Tz),
        -(R02 * Tx + R12 * Ty + R22 * Tz));

    /// <summary>Maps a point of the child frame into the parent frame (double precision).</summary>
    public (double X, double Y, double Z) Apply(double x, double y, double z) => (
        R00 * x + R01 * y + R02 * z + Tx,
        R10 * x + R11 * y + R12 * z + Ty,
        R20 * x + R21 * y + R22 * z + Tz);

    /// <summary>Maps a point of the child frame into the parent frame.</summary>
    public Vector3 Apply(Vector3 point)
    {
        var (x, y, z) = Apply(point.X, point.Y, point.Z);
        return new Vector3((float)x, (float)y, (float)z);
    }

    /// <summary>Rotates a direction of the child frame into the parent frame (no translation).</summary>
    public (double X, double Y, double Z) Rotate(double x, double y, double z) => (
        R00 * x + R01 * y + R02 * z,
        R10 * x + R11 * y + R12 * z,
        R20 * x + R21 * y + R22 * z);

    /// <summary>Rotates a direction of the child frame into the parent frame (no translation).</summary>
    public Vector3 Rotate(Vector3 direction)
    {
        var (x, y, z) = Rotate(direction.X, direction.Y, direction.Z);
        return new Vector3((float)x, (float)y, (float)z);
    }

    /// <summary>Largest absolute difference of any rotation entry or translation component.</summary>
    public double MaxAbsDifference(in RigidTransform other) => Math.Max(
        Math.Max(Math.Max(Math.Abs(R00 - other.R00), Math.Abs(R01 - other.R01)), Math.Max(Math.Abs(R02 - other.R02), Math.Abs(R10 - other.R10))),
        Math.Max(
            Math.Max(Math.Max(Math.Abs(R11 - other.R11), Math.Abs(R12 - other.R12)), Math.Max(Math.Abs(R20 - other.R20), Math.Abs(R21 - other.R21))),
            Math.Max(Math.Max(Math.Abs(R22 - other.R22), Math.Abs(Tx - other.Tx)), Math.Max(Math.Abs(Ty - other.Ty), Math.Abs(Tz - other.Tz)))));

    /// <inheritdoc />
    public override string ToString() =>
        FormattableString.Invariant($"[[{R00:G6} {R01:G6} {R02:G6}] [{R10:G6} {R11:G6} {R12:G6}] [{R20:G6} {R21:G6} {R22:G6}]] t=({Tx:G6} {Ty:G6} {Tz:G6})");
}

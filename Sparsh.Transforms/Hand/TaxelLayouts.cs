using System.Numerics;

namespace Sparsh.Transforms.Hand;

/// <summary>
/// Taxel positions and normals inside each XELA sensor type, in the sensor's base frame, in XELA's numbering 1..N.
/// The numbers are the facts of XELA's <c>xela.xacro</c> macros (<c>sensoraftc</c>, <c>sensor4x4</c>,
/// <c>sensor4x6</c>), which are GPLv3 and are therefore not shipped; the hand's URDF carries no taxel links.
/// </summary>
internal static class TaxelLayouts
{
    // sensoraftc: one row per taxel 1..30: x, y, z (metres) and the taxel frame's rx, ry, rz (degrees).
    // The taxel's normal is the z axis of that frame, R = Rz(rz) * Ry(ry) * Rx(rx) as in any URDF origin.
    private static readonly double[,] CurvedFingertipRows =
    {
        { 0.0101, 0.0306, 0.01254, 0, 90, 30 },
        { 0.0126, 0.0236, 0.01254, 0, 90, 10 },
        { 0.0138, 0.0173, 0.01254, 0, 90, 10 },
        { 0.0143, 0.0103, 0.01254, 0, 90, 0 },
        { 0.0143, 0.0038, 0.01254, 0, 90, 0 },
        { 0.0098, 0.0230, 0.02000, 0, 50, 10 },
        { 0.0110, 0.0167, 0.02000, 0, 50, 10 },
        { 0.0115, 0.0103, 0.02000, 0, 50, 0 },
        { 0.0115, 0.0038, 0.02000, 0, 50, 0 },
        { 0.0037, 0.0338, 0.01730, -48, 29, 0 },
        { 0.0039, 0.0296, 0.02155, -31, 26, 0 },
        { 0.0039, 0.0230, 0.02444, -10, 22, 0 },
        { 0.0039, 0.0169, 0.02544, -10, 21, 0 },
        { 0.0039, 0.0103, 0.02574, 0, 18, 0 },
        { 0.0039, 0.0038, 0.02574, 0, 18, 0 },
        { -0.0037, 0.0338, 0.01730, -48, -29, 0 },
        { -0.0039, 0.0296, 0.02155, -31, -26, 0 },
        { -0.0039, 0.0230, 0.02444, -10, -22, 0 },
        { -0.0039, 0.0169, 0.02544, -10, -21, 0 },
        { -0.0039, 0.0103, 0.02574, 0, -18, 0 },
        { -0.0039, 0.0038, 0.02574, 0, -18, 0 },
        { -0.0098, 0.0230, 0.02000, 0, -50, -10 },
        { -0.0110, 0.0167, 0.02000, 0, -50, -10 },
        { -0.0115, 0.0103, 0.02000, 0, -50, 0 },
        { -0.0115, 0.0038, 0.02000, 0, -50, 0 },
        { -0.0101, 0.0306, 0.01254, 0, -90, -30 },
        { -0.0126, 0.0236, 0.01254, 0, -90, -10 },
        { -0.0138, 0.0173, 0.01254, 0, -90, -10 },
        { -0.0143, 0.0103, 0.01254, 0, -90, 0 },
        { -0.0143, 0.0038, 0.01254, 0, -90, 0 },
    };

    // sensor4x4: taxel n = 4 * (4 - row) + column with row, column in 1..4 counted from the frame origin;
    // XELA writes the pitch with a different number of sixes for x and y, kept here as written.
    private const double Pitch4x4X = 0.0046666, Offset4x4X = 0.0007;
    private const double Pitch4x4Y = 0.00466666, Offset4x4Y = 0.00015;
    private const double Height4x4 = 0.004;

    // sensor4x6: taxel n = 6 * (4 - row) + column with row in 1..4 and column in 1..6.
    private const double Pitch4x6X = 0.00724, Offset4x6X = 0.0030;
    private const double Pitch4x6Y = 0.00717, Offset4x6Y = -0.002175;
    private const double Height4x6 = 0.005;

    private static readonly Layout CurvedFingertip = BuildCurvedFingertip();
    private static readonly Layout Patch4x4 = BuildGrid(4, 4, Pitch4x4X, Offset4x4X, Pitch4x4Y, Offset4x4Y, Height4x4);
    private static readonly Layout Palm4x6 = BuildGrid(4, 6, Pitch4x6X, Offset4x6X, Pitch4x6Y, Offset4x6Y, Height4x6);

    /// <summary>Taxels in a sensor of the given type.</summary>
    public static int Count(TaxelType type) => Get(type).Positions.Length;

    /// <summary>Position (metres, sensor frame) of the taxel with 0-based number <paramref name="i"/>.</summary>
    public static (double X, double Y, double Z) Position(TaxelType type, int i) => Get(type).Positions[i];

    /// <summary>Unit normal (sensor frame) of the taxel with 0-based number <paramref name="i"/>.</summary>
    public static (double X, double Y, double Z) Normal(TaxelType type, int i) => Get(type).Normals[i];

    /// <summary>Single-precision position, for <see cref="Taxel.LocalPositionMetres"/>.</summary>
    public static Vector3 PositionVector(TaxelType type, int i)
    {
        var (x, y, z) = Position(type, i);
        return new Vector3((float)x, (float)y, (float)z);
    }

    /// <summary>Single-precision normal, for <see cref="Taxel.LocalNormal"/>.</summary>
    public static Vector3 NormalVector(TaxelType type, int i)
    {
        var (x, y, z) = Normal(type, i);
        return new Vector3((float)x, (float)y, (float)z);
    }

    private static Layout Get(TaxelType type) => type switch
    {
        TaxelType.CurvedFingertip => CurvedFingertip,
        TaxelType.Patch4x4 => Patch4x4,
        TaxelType.Palm4x6 => Palm4x6,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown taxel type."),
    };

    private static Layout BuildCurvedFingertip()
    {
        var count = CurvedFingertipRows.GetLength(0);
        var positions = new (double, double, double)[count];
        var normals = new (double, double, double)[count];
        for (var i = 0; i < count; i++)
        {
            positions[i] = (CurvedFingertipRows[i, 0], CurvedFingertipRows[i, 1], CurvedFingertipRows[i, 2]);
            var frame = RigidTransform.FromUrdfOrigin(0, 0, 0,
                double.DegreesToRadians(CurvedFingertipRows[i, 3]),
                double.DegreesToRadians(CurvedFingertipRows[i, 4]),
                double.DegreesToRadians(CurvedFingertipRows[i, 5]));
            normals[i] = frame.Rotate(0, 0, 1);
        }

        return new Layout(positions, normals);
    }

    private static Layout BuildGrid(int rows, int columns, double pitchX, double offsetX, double pitchY, double offsetY, double height)
    {
        var positions = new (double, double, double)[rows * columns];
        var normals = new (double, double, double)[rows * columns];
        for (var n = 0; n < positions.Length; n++)
        {
            // XELA numbers row by row starting at the row farthest from the frame origin in y.
            var column = n % columns + 1;
            var row = rows - n / columns;
            positions[n] = (column * pitchX + offsetX, row * pitchY + offsetY, height);
            normals[n] = (0, 0, 1);
        }

        return new Layout(positions, normals);
    }

    private sealed record Layout((double X, double Y, double Z)[] Positions, (double X, double Y, double Z)[] Normals);
}

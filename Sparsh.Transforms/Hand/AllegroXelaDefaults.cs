using System.Numerics;

namespace Sparsh.Transforms.Hand;

/// <summary>
/// The built-in Allegro right hand with XELA uSkin (XELA's <c>ahrcpcpn.urdf</c>: curved fingertips, phalanx patches,
/// palm patches), encoded as numbers so the library needs no URDF file. Hands differ; load a hand's own URDF with
/// <see cref="HandModel.FromUrdf(string)"/> when it is available.
/// </summary>
public static class AllegroXelaDefaults
{
    /// <summary>The palm link; taxel positions and normals are expressed in its frame.</summary>
    public const string PalmLinkName = "palm_link";

    /// <summary>Suffix that turns a patch name into the name of its URDF link (<c>0aftc</c> -> <c>0aftc_palm_link</c>).</summary>
    public const string PatchLinkSuffix = "_palm_link";

    private const double HalfPi = Math.PI / 2;

    // Official Sparsh-skin flatten order: thumb, index, middle, ring (each fingertip first, then the phalanges from
    // the tip down), then the palm; the encoder's per-taxel embeddings depend on this order.
    private static readonly (string Name, TaxelType Type)[] PatchOrder =
    [
        ("3aftc", TaxelType.CurvedFingertip), ("link_15_4x4", TaxelType.Patch4x4), ("link_14_4x4", TaxelType.Patch4x4),
        ("0aftc", TaxelType.CurvedFingertip), ("link_2_4x4", TaxelType.Patch4x4), ("link_1A_4x4", TaxelType.Patch4x4), ("link_1B_4x4", TaxelType.Patch4x4),
        ("1aftc", TaxelType.CurvedFingertip), ("link_6_4x4", TaxelType.Patch4x4), ("link_5A_4x4", TaxelType.Patch4x4), ("link_5B_4x4", TaxelType.Patch4x4),
        ("2aftc", TaxelType.CurvedFingertip), ("link_10_4x4", TaxelType.Patch4x4), ("link_9A_4x4", TaxelType.Patch4x4), ("link_9B_4x4", TaxelType.Patch4x4),
        ("ahr_palm_2_4x6", TaxelType.Palm4x6), ("ahr_palm_1_4x6", TaxelType.Palm4x6), ("ahr_palm_3_4x6", TaxelType.Palm4x6),
    ];

    /// <summary>The 18 patch names in the official flatten order.</summary>
    public static IReadOnlyList<string> PatchNames { get; } = Array.AsReadOnly(PatchOrder.Select(p => p.Name).ToArray());

    /// <summary>URDF name of joint <paramref name="index"/> (<c>joint_0</c>..<c>joint_15</c>).</summary>
    public static string JointName(int index) => $"joint_{index}";

    /// <summary>Patch names and types in the official flatten order, for loaders of other hand descriptions.</summary>
    internal static IReadOnlyList<(string Name, TaxelType Type)> PatchSpecs => PatchOrder;

    internal static HandModel Model { get; } = Build();

    /// <summary>The sensor type of a patch in <see cref="PatchNames"/>.</summary>
    public static TaxelType PatchType(string patchName)
    {
        foreach (var (name, type) in PatchOrder)
        {
            if (name == patchName)
            {
                return type;
            }
        }

        throw new ArgumentException($"'{patchName}' is not a patch of the Allegro XELA hand.", nameof(patchName));
    }

    private static HandModel Build()
    {
        var joints = new HandJoint[]
        {
            // Index, middle and ring bases are splayed by -5, 0 and +5 degrees about the palm's x axis.
            Revolute(0, PalmLinkName, "link_0", (0, 0.0435, -0.001542), (-double.DegreesToRadians(5), 0, 0), (0, 0, 1), -0.47, 0.47),
            Revolute(1, "link_0", "link_1", (0, 0, 0.0189), (0, 0, 0), (0, 1, 0), -0.296 + 0.1, 1.71 - 0.1),
            Revolute(2, "link_1", "link_2", (0, 0, 0.054), (0, 0, 0), (0, 1, 0), -0.274 + 0.1, 1.809 - 0.1),
            Revolute(3, "link_2", "link_3", (0, 0, 0.0384), (0, 0, 0), (0, 1, 0), -0.327 + 0.1, 1.718 - 0.1),
            Revolute(4, PalmLinkName, "link_4", (0, 0, 0.0007), (0, 0, 0), (0, 0, 1), -0.47, 0.47),
            Revolute(5, "link_4", "link_5", (0, 0, 0.0189), (0, 0, 0), (0, 1, 0), -0.296 + 0.1, 1.71 - 0.1),
            Revolute(6, "link_5", "link_6", (0, 0, 0.054), (0, 0, 0), (0, 1, 0), -0.274 + 0.1, 1.809 - 0.1),
            Revolute(7, "link_6", "link_7", (0, 0, 0.0384), (0, 0, 0), (0, 1, 0), -0.327 + 0.1, 1.718 - 0.1),
            Revolute(8, PalmLinkName, "link_8", (0, -0.0435, -0.001542), (double.DegreesToRadians(5), 0, 0), (0, 0, 1), -0.47, 0.47),
            Revolute(9, "link_8", "link_9", (0, 0, 0.0189), (0, 0, 0), (0, 1, 0), -0.296 + 0.1, 1.71 - 0.1),
            Revolute(10, "link_9", "link_10", (0, 0, 0.054), (0, 0, 0), (0, 1, 0), -0.274 + 0.1, 1.809 - 0.1),
            Revolute(11, "link_10", "link_11", (0, 0, 0.0384), (0, 0, 0), (0, 1, 0), -0.327 + 0.1, 1.718 - 0.1),
            Revolute(12, PalmLinkName, "link_12", (-0.0182, 0.019333, -0.046487), (0, -double.DegreesToRadians(95), -HalfPi), (-1, 0, 0), 0.363 - 0.1, 1.496 - 0.1),
            Revolute(13, "link_12", "link_13", (-0.027, 0.005, 0.0399), (0, 0, 0), (0, 0, 1), -0.205 + 0.1, 1.263 - 0.1),
            Revolute(14, "link_13", "link_14", (0, 0, 0.0197), (0, -double.DegreesToRadians(1), 0), (0, 1, 0), -0.289 + 0.1, 1.744 - 0.1),
            Revolute(15, "link_14", "link_15", (0, 0, 0.0514), (0, 0, 0), (0, 1, 0), -0.262 + 0.1, 1.819 - 0.1),
        };

        // Curved fingertips: XELA's sensoraftc macro shifts its base joint by x - 0.013, so a fingertip mounted at
        // x = 0 sits at x = -0.013; the URDF's "*aftc_fixed" joints already contain that shift and so does this table.
        var fingertip = (HalfPi, 0.0, HalfPi);
        var outerPhalanx = (0.0, HalfPi, 0.0);
        var innerPhalanx = (0.0, -HalfPi, Math.PI);
        var palm = (HalfPi, 0.0, HalfPi);
        var mounts = new Dictionary<string, (string Parent, (double, double, double) Xyz, (double, double, double) Rpy)>
        {
            ["3aftc"] = ("link_15", (-0.013, 0, 0.0315), fingertip),
            ["link_15_4x4"] = ("link_15", (0.011, -0.012, 0.021), outerPhalanx),
            ["link_14_4x4"] = ("link_14", (0.011, -0.012, 0.023), outerPhalanx),
            ["ahr_palm_2_4x6"] = (PalmLinkName, (0.013, 0.0523, -0.005), (HalfPi, Math.PI, HalfPi)),
            ["ahr_palm_1_4x6"] = (PalmLinkName, (0.013, -0.051, -0.0365), palm),
            ["ahr_palm_3_4x6"] = (PalmLinkName, (0.013, -0.051, -0.068), palm),
        };
        for (var finger = 0; finger < 3; finger++)
        {
            var baseLink = finger * 4;
            mounts[$"{finger}aftc"] = ($"link_{baseLink + 3}", (-0.013, 0, 0.016), fingertip);
            mounts[$"link_{baseLink + 2}_4x4"] = ($"link_{baseLink + 2}", (0.01, -0.012, 0.0445), outerPhalanx);
            mounts[$"link_{baseLink + 1}A_4x4"] = ($"link_{baseLink + 1}", (0.0108, 0.012, 0.033), innerPhalanx);
            mounts[$"link_{baseLink + 1}B_4x4"] = ($"link_{baseLink + 1}", (0.0108, -0.012, 0.021), outerPhalanx);
        }

        var patches = PatchOrder.Select(p =>
        {
            var (parent, (x, y, z), (roll, pitch, yaw)) = mounts[p.Name];
            return new SensorPatchSpec(p.Name, p.Type, p.Name + PatchLinkSuffix, parent, RigidTransform.FromUrdfOrigin(x, y, z, roll, pitch, yaw));
        }).ToArray();
        return new HandModel(PalmLinkName, joints, patches);
    }

    private static HandJoint Revolute(int index, string parent, string child, (double X, double Y, double Z) xyz, (double Roll, double Pitch, double Yaw) rpy, (float X, float Y, float Z) axis, double lower, double upper) =>
        new(index, JointName(index), parent, child,
            RigidTransform.FromUrdfOrigin(xyz.X, xyz.Y, xyz.Z, rpy.Roll, rpy.Pitch, rpy.Yaw),
            new Vector3(axis.X, axis.Y, axis.Z), lower, upper);
}

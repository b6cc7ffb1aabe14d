using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Sparsh.Transforms.Tests.Hand;

/// <summary>
/// A deliberately plain reference for the hand's kinematics, sharing no code with the library: 4 x 4 homogeneous
/// matrices in double precision, the URDF walked link by link from the taxel up to the palm, and taxel layouts read
/// from XELA's xacro text.
/// </summary>
internal sealed partial class ReferenceKinematics
{
    private readonly Dictionary<string, XElement> _jointByChild = [];

    public ReferenceKinematics(string urdfPath)
    {
        foreach (var joint in XDocument.Load(urdfPath).Root!.Elements("joint"))
        {
            _jointByChild[joint.Element("child")!.Attribute("link")!.Value] = joint;
        }
    }

    /// <summary>Pose of <paramref name="link"/> in palm_link's frame for the given joint angles (joint_i = angles[i]).</summary>
    public double[,] LinkPose(string link, IReadOnlyList<double> angles)
    {
        var pose = Identity();
        while (link != "palm_link")
        {
            var joint = _jointByChild[link];
            var origin = joint.Element("origin");
            var local = Multiply(
                Translation(Triple(origin?.Attribute("xyz")?.Value)),
                RpyRotation(Triple(origin?.Attribute("rpy")?.Value)));
            if (joint.Attribute("type")!.Value == "revolute")
            {
                var index = int.Parse(joint.Attribute("name")!.Value["joint_".Length..], CultureInfo.InvariantCulture);
                local = Multiply(local, AxisAngle(Triple(joint.Element("axis")!.Attribute("xyz")!.Value), angles[index]));
            }

            pose = Multiply(local, pose);
            link = joint.Element("parent")!.Attribute("link")!.Value;
        }

        return pose;
    }

    /// <summary>
    /// Taxel positions (metres) and taxel frame angles (degrees) of one xacro sensor macro, in XELA's numbering,
    /// evaluating the macro's <c>${a*b+c}</c> arithmetic.
    /// </summary>
    public static IReadOnlyList<(double[] Xyz, double[] RpyDegrees)> XacroTaxels(string xacroPath, string macroName)
    {
        var text = File.ReadAllText(xacroPath);
        var start = text.IndexOf($"<xacro:macro name=\"{macroName}\"", StringComparison.Ordinal);
        var end = text.IndexOf("</xacro:macro>", start, StringComparison.Ordinal);
        var rows = new List<(double[], double[])>();
        foreach (Match taxel in TaxelCall().Matches(text[start..end]))
        {
            var attributes = Attribute().Matches(taxel.Value).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
            double Get(string name) => attributes.TryGetValue(name, out var v) ? Evaluate(v) : 0.0;
            rows.Add(([Get("x"), Get("y"), Get("z")], [Get("rx"), Get("ry"), Get("rz")]));
        }

        return rows;
    }

    public static double[,] Identity() => new double[,] { { 1, 0, 0, 0 }, { 0, 1, 0, 0 }, { 0, 0, 1, 0 }, { 0, 0, 0, 1 } };

    public static double[,] Translation(double[] t)
    {
        var m = Identity();
        m[0, 3] = t[0];
        m[1, 3] = t[1];
        m[2, 3] = t[2];
        return m;
    }

    public static double[,] RotX(double a) => new double[,] { { 1, 0, 0, 0 }, { 0, Math.Cos(a), -Math.Sin(a), 0 }, { 0, Math.Sin(a), Math.Cos(a), 0 }, { 0, 0, 0, 1 } };

    public static double[,] RotY(double a) => new double[,] { { Math.Cos(a), 0, Math.Sin(a), 0 }, { 0, 1, 0, 0 }, { -Math.Sin(a), 0, Math.Cos(a), 0 }, { 0, 0, 0, 1 } };

    public static double[,] RotZ(double a) => new double[,] { { Math.Cos(a), -Math.Sin(a), 0, 0 }, { Math.Sin(a), Math.Cos(a), 0, 0 }, { 0, 0, 1, 0 }, { 0, 0, 0, 1 } };

    /// <summary>URDF rpy: fixed axes x, then y, then z.</summary>
    public static double[,] RpyRotation(double[] rpy) => Multiply(RotZ(rpy[2]), Multiply(RotY(rpy[1]), RotX(rpy[0])));

    public static double[,] Multiply(double[,] a, double[,] b)
    {
        var c = new double[4, 4];
        for (var i = 0; i < 4; i++)
        {
            for (var j = 0; j < 4; j++)
            {
                for (var k = 0; k < 4; k++)
                {
                    c[i, j] += a[i, k] * b[k, j];
                }
            }
        }

        return c;
    }

    public static double[] Apply(double[,] m, double[] p, double w = 1) =>
    [
        m[0, 0] * p[0] + m[0, 1] * p[1] + m[0, 2] * p[2] + m[0, 3] * w,
        m[1, 0] * p[0] + m[1, 1] * p[1] + m[1, 2] * p[2] + m[1, 3] * w,
        m[2, 0] * p[0] + m[2, 1] * p[1] + m[2, 2] * p[2] + m[2, 3] * w,
    ];

    /// <summary>Rodrigues' rotation about any axis (normalised here), as a 4 x 4 matrix.</summary>
    public static double[,] AxisAngle(double[] axis, double angle)
    {
        var length = Math.Sqrt(axis[0] * axis[0] + axis[1] * axis[1] + axis[2] * axis[2]);
        double x = axis[0] / length, y = axis[1] / length, z = axis[2] / length;
        double c = Math.Cos(angle), s = Math.Sin(angle), t = 1 - c;
        return new double[,]
        {
            { t * x * x + c, t * x * y - s * z, t * x * z + s * y, 0 },
            { t * x * y + s * z, t * y * y + c, t * y * z - s * x, 0 },
            { t * x * z - s * y, t * y * z + s * x, t * z * z + c, 0 },
            { 0, 0, 0, 1 },
        };
    }

    private static double[] Triple(string? text) =>
        text is null ? [0, 0, 0] : text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();

    private static double Evaluate(string value)
    {
        if (!value.StartsWith("${", StringComparison.Ordinal))
        {
            return double.Parse(value, CultureInfo.InvariantCulture);
        }

        var match = Arithmetic().Match(value);
        if (!match.Success)
        {
            throw new InvalidOperationException($"Unexpected xacro expression '{value}'.");
        }

        var product = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) * double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        var offset = double.Parse(match.Groups[4].Value, CultureInfo.InvariantCulture);
        return match.Groups[3].Value == "+" ? product + offset : product - offset;
    }

    [GeneratedRegex(@"<xacro:taxel\s[^>]*/>")]
    private static partial Regex TaxelCall();

    [GeneratedRegex(@"(\w+)=""([^""]*)""")]
    private static partial Regex Attribute();

    [GeneratedRegex(@"^\$\{([\d.]+)\*([\d.]+)([+-])([\d.]+)\}$")]
    private static partial Regex Arithmetic();
}

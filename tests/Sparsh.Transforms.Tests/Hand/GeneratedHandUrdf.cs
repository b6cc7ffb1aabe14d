using System.Globalization;
using System.Xml.Linq;
using Sparsh.Transforms.Hand;

namespace Sparsh.Transforms.Tests.Hand;

/// <summary>
/// Writes a minimal URDF of a <see cref="HandModel"/> from its public joints and patches: the palm, one link per joint,
/// the revolute joints <c>joint_0</c>..<c>joint_15</c>, and for each patch its <c>&lt;patch&gt;_palm_link</c> on a fixed
/// joint <c>&lt;patch&gt;_fixed</c>. Tests that break a URDF on purpose start from this one, so they run where XELA's
/// GPLv3 URDF is absent (CI) and never depend on its text.
/// </summary>
internal static class GeneratedHandUrdf
{
    /// <summary>The URDF of <paramref name="hand"/>; loading it gives a model equal to <paramref name="hand"/>.</summary>
    public static XDocument From(HandModel hand)
    {
        var robot = new XElement("robot", new XAttribute("name", "generated_hand"));
        robot.Add(Link(hand.PalmLinkName));
        foreach (var joint in hand.Joints)
        {
            robot.Add(
                Link(joint.ChildLinkName),
                new XElement("joint", new XAttribute("name", joint.Name), new XAttribute("type", "revolute"),
                    Origin(joint.Origin),
                    new XElement("parent", new XAttribute("link", joint.ParentLinkName)),
                    new XElement("child", new XAttribute("link", joint.ChildLinkName)),
                    new XElement("axis", new XAttribute("xyz", Numbers(joint.Axis.X, joint.Axis.Y, joint.Axis.Z))),
                    new XElement("limit",
                        new XAttribute("lower", Number(joint.LowerLimitRadians)),
                        new XAttribute("upper", Number(joint.UpperLimitRadians)))));
        }

        foreach (var patch in hand.Patches)
        {
            robot.Add(
                Link(patch.LinkName),
                new XElement("joint", new XAttribute("name", patch.Name + "_fixed"), new XAttribute("type", "fixed"),
                    Origin(patch.MountTransform),
                    new XElement("parent", new XAttribute("link", patch.ParentLinkName)),
                    new XElement("child", new XAttribute("link", patch.LinkName))));
        }

        return new XDocument(robot);
    }

    private static XElement Link(string name) => new("link", new XAttribute("name", name));

    private static XElement Origin(RigidTransform pose)
    {
        var (roll, pitch, yaw) = RollPitchYaw(pose);
        return new XElement("origin",
            new XAttribute("xyz", Numbers(pose.Tx, pose.Ty, pose.Tz)),
            new XAttribute("rpy", Numbers(roll, pitch, yaw)));
    }

    /// <summary>
    /// Inverts <see cref="RigidTransform.FromUrdfOrigin"/>: R = Rz(yaw) * Ry(pitch) * Rx(roll), so R20 = -sin(pitch),
    /// (R21, R22) is cos(pitch) * (sin(roll), cos(roll)) and (R10, R00) is cos(pitch) * (sin(yaw), cos(yaw)).
    /// </summary>
    private static (double Roll, double Pitch, double Yaw) RollPitchYaw(RigidTransform pose)
    {
        var pitch = Math.Atan2(-pose.R20, Math.Sqrt(pose.R00 * pose.R00 + pose.R10 * pose.R10));
        if (Math.Abs(Math.Cos(pitch)) < 1e-9)
        {
            // At pitch ±90° only roll - yaw (or roll + yaw) is defined; putting it all in yaw leaves R01 = -sin(yaw),
            // R11 = cos(yaw).
            return (0, pitch, Math.Atan2(-pose.R01, pose.R11));
        }

        return (Math.Atan2(pose.R21, pose.R22), pitch, Math.Atan2(pose.R10, pose.R00));
    }

    private static string Numbers(double x, double y, double z) => $"{Number(x)} {Number(y)} {Number(z)}";

    // "R" round-trips a double exactly (and a float widened to double), so the loaded model differs from the source
    // only by the rounding of the roll-pitch-yaw conversion.
    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

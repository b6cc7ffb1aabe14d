using System.Numerics;

namespace Sparsh.Transforms.Hand;

/// <summary>One revolute joint of the hand, as in its URDF.</summary>
public sealed class HandJoint
{
    internal HandJoint(int index, string name, string parentLinkName, string childLinkName, RigidTransform origin, Vector3 axis, double lowerLimitRadians, double upperLimitRadians)
    {
        var length = axis.Length();
        // A zero axis would make every angle the identity and hide a broken URDF.
        if (!(length > 1e-6f) || !float.IsFinite(length))
        {
            throw new ArgumentException($"Joint '{name}' has axis {axis}, which has no direction.", nameof(axis));
        }

        if (!(lowerLimitRadians <= upperLimitRadians))
        {
            throw new ArgumentException($"Joint '{name}' has lower limit {lowerLimitRadians} above upper limit {upperLimitRadians}.", nameof(lowerLimitRadians));
        }

        Index = index;
        Name = name;
        ParentLinkName = parentLinkName;
        ChildLinkName = childLinkName;
        Origin = origin;
        Axis = axis / length;
        LowerLimitRadians = lowerLimitRadians;
        UpperLimitRadians = upperLimitRadians;
    }

    /// <summary>Position in the joint-angle vector (joint_0..joint_15: index 0-3, middle 4-7, ring 8-11, thumb 12-15).</summary>
    public int Index { get; }

    /// <summary>URDF joint name, e.g. <c>joint_13</c>.</summary>
    public string Name { get; }

    /// <summary>
    /// The moving link the joint hangs from: the palm link or another joint's child link (fixed joints in between are
    /// folded into <see cref="Origin"/>).
    /// </summary>
    public string ParentLinkName { get; }

    /// <summary>The link the joint moves.</summary>
    public string ChildLinkName { get; }

    /// <summary>Pose of the joint frame at angle zero in <see cref="ParentLinkName"/>'s frame.</summary>
    public RigidTransform Origin { get; }

    /// <summary>Unit rotation axis in the joint frame.</summary>
    public Vector3 Axis { get; }

    /// <summary>Lower joint limit, radians.</summary>
    public double LowerLimitRadians { get; }

    /// <summary>Upper joint limit, radians.</summary>
    public double UpperLimitRadians { get; }

    /// <summary>The child link's pose in the parent link's frame at <paramref name="angleRadians"/> (no limit check).</summary>
    public RigidTransform PoseAt(double angleRadians) =>
        Origin.Compose(RigidTransform.FromAxisAngle(Axis.X, Axis.Y, Axis.Z, angleRadians));

    /// <inheritdoc />
    public override string ToString() =>
        FormattableString.Invariant($"{Name} ({ParentLinkName} -> {ChildLinkName}, limits [{LowerLimitRadians}, {UpperLimitRadians}] rad)");
}

namespace Sparsh.Transforms.Hand;

/// <summary>What forward kinematics does with a joint angle outside the joint's limits.</summary>
public enum JointLimitPolicy
{
    /// <summary>Clamp the angle to the nearest limit (recorded joint states overshoot limits slightly).</summary>
    Clamp,

    /// <summary>Throw <see cref="ArgumentOutOfRangeException"/> naming the joint, the angle and the limits.</summary>
    Throw,
}

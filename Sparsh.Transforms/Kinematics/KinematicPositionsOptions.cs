using Sparsh.Transforms.Hand;
using Sparsh.Transforms.Xela;

namespace Sparsh.Transforms.Kinematics;

/// <summary>Options of <see cref="KinematicPositionsEstimator"/>.</summary>
public sealed class KinematicPositionsOptions
{
    /// <summary>Joint angles in radians: 16 per frame, e.g. [10, 16] for a window.</summary>
    public string InputColumnName { get; set; } = XelaColumnNames.JointAngles;

    /// <summary>Output taxel positions in metres, palm frame: [frames, 368, 3].</summary>
    public string OutputColumnName { get; set; } = XelaColumnNames.TaxelPositions;

    /// <summary>Output taxel unit normals [frames, 368, 3], or null to skip them (faster).</summary>
    public string? NormalsColumnName { get; set; }

    /// <summary>The hand: the built-in Allegro + XELA layout by default, or one loaded from the user's URDF.</summary>
    public HandModel Hand { get; set; } = HandModel.AllegroXela;

    /// <summary>What to do with angles outside a joint's limits.</summary>
    public JointLimitPolicy JointLimits { get; set; } = JointLimitPolicy.Clamp;

    /// <summary>
    /// A copy: estimators and transformers keep their own, so changing the caller's object later changes nothing fitted.
    /// The <see cref="Hand"/> is shared, not copied: a hand model is immutable once built.
    /// </summary>
    public KinematicPositionsOptions Clone() => (KinematicPositionsOptions)MemberwiseClone();

    /// <summary>Throws naming the first invalid option.</summary>
    public void Validate()
    {
        if (Hand is null) throw new ArgumentNullException(nameof(Hand), "Hand must be a hand model, got null.");
        if (!Enum.IsDefined(JointLimits))
            throw new ArgumentOutOfRangeException(nameof(JointLimits), $"JointLimits must be one of {string.Join(", ", Enum.GetNames<JointLimitPolicy>())}, got {JointLimits}.");
    }
}

namespace Sparsh.Transforms.Hand;

/// <summary>One XELA sensor patch and where it is mounted on the hand.</summary>
public sealed class SensorPatch
{
    internal SensorPatch(int index, string name, TaxelType type, int firstTaxelIndex, string linkName, string parentLinkName, RigidTransform mountTransform)
    {
        Index = index;
        Name = name;
        Type = type;
        TaxelCount = TaxelLayouts.Count(type);
        FirstTaxelIndex = firstTaxelIndex;
        LinkName = linkName;
        ParentLinkName = parentLinkName;
        MountTransform = mountTransform;
    }

    /// <summary>Position of the patch in the hand's flatten order (0..17 on the Allegro hand).</summary>
    public int Index { get; }

    /// <summary>Patch name, e.g. <c>3aftc</c>, <c>link_1A_4x4</c>, <c>ahr_palm_2_4x6</c>; taxel names start with it.</summary>
    public string Name { get; }

    /// <summary>Sensor type, which fixes the taxel layout.</summary>
    public TaxelType Type { get; }

    /// <summary>Number of taxels (30, 16 or 24).</summary>
    public int TaxelCount { get; }

    /// <summary>Flatten index of the patch's first taxel; its taxels are contiguous.</summary>
    public int FirstTaxelIndex { get; }

    /// <summary>URDF link of the sensor frame, e.g. <c>3aftc_palm_link</c>.</summary>
    public string LinkName { get; }

    /// <summary>
    /// The moving link the patch is rigidly attached to: the palm link or the child link of one of the hand's joints
    /// (fixed joints in between are folded into <see cref="MountTransform"/>).
    /// </summary>
    public string ParentLinkName { get; }

    /// <summary>Pose of the sensor frame in <see cref="ParentLinkName"/>'s frame.</summary>
    public RigidTransform MountTransform { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Type}, {TaxelCount} taxels on {ParentLinkName})";
}

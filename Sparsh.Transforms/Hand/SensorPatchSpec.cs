namespace Sparsh.Transforms.Hand;

/// <summary>What a hand description says about one patch before the model numbers patches and taxels.</summary>
internal sealed record SensorPatchSpec(string Name, TaxelType Type, string LinkName, string ParentLinkName, RigidTransform Mount);

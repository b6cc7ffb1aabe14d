using System.Numerics;

namespace Sparsh.Transforms.Hand;

/// <summary>One taxel of the hand's skin.</summary>
/// <param name="Index">Position in the hand's flatten order (0..367 on the Allegro hand); the index of the taxel's
/// values in every frame.</param>
/// <param name="Name">Patch name and XELA's 1-based taxel number, e.g. <c>3aftc_1</c> or <c>ahr_palm_2_4x6_24</c>.</param>
/// <param name="PatchName">Name of the sensor patch, e.g. <c>link_15_4x4</c>.</param>
/// <param name="Type">Sensor type of the patch.</param>
/// <param name="PatchIndex">Index of the patch in <see cref="HandModel.Patches"/> (0..17 on the Allegro hand).</param>
/// <param name="LocalPositionMetres">Taxel position in the patch frame (the sensor's base link), metres.</param>
/// <param name="LocalNormal">Unit outward normal in the patch frame (the z axis of XELA's taxel frame).</param>
public sealed record Taxel(
    int Index,
    string Name,
    string PatchName,
    TaxelType Type,
    int PatchIndex,
    Vector3 LocalPositionMetres,
    Vector3 LocalNormal)
{
    /// <summary>XELA's 1-based taxel number inside its patch (the suffix of <see cref="Name"/>).</summary>
    public int NumberInPatch { get; init; }
}

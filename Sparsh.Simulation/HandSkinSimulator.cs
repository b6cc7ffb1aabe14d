using Sparsh.Simulation.Contact;
using Sparsh.Simulation.Geometry;
using Sparsh.Simulation.Skins;
using Sparsh.Transforms.Hand;

namespace Sparsh.Simulation;

/// <summary>
/// A <see cref="SkinSimulator"/> on a <see cref="HandModel"/>: each frame takes joint angles, runs forward
/// kinematics (only when the angles changed) and simulates the skin. Allocation-free per frame.
/// </summary>
public sealed class HandSkinSimulator
{
    private readonly float[] _angles, _positions, _normals;
    private bool _posed;

    /// <summary>Creates a simulator of <paramref name="skin"/> on <paramref name="hand"/>.</summary>
    public HandSkinSimulator(HandModel hand, SkinProfile skin, SkinSimulatorOptions? options = null, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(hand);
        Hand = hand;
        Skin = new SkinSimulator(TaxelGeometry.FromHand(hand), skin, options, seed);
        _angles = new float[hand.JointCount];
        _positions = new float[hand.TaxelCount * 3];
        _normals = new float[hand.TaxelCount * 3];
    }

    /// <summary>The hand.</summary>
    public HandModel Hand { get; }

    /// <summary>The skin simulator (contact forces, options, reset).</summary>
    public SkinSimulator Skin { get; }

    /// <summary>Taxel positions of the last frame, palm frame, metres (taxels x 3).</summary>
    public ReadOnlySpan<float> PositionsMetres => _positions;

    /// <summary>Taxel outward normals of the last frame (taxels x 3).</summary>
    public ReadOnlySpan<float> Normals => _normals;

    /// <summary>Simulates one frame at the given (true) joint angles; angles outside the limits are clamped.</summary>
    public void Step(ReadOnlySpan<float> jointAnglesRadians, ReadOnlySpan<ContactObject> contacts, Span<float> rawCounts)
    {
        if (!_posed || !jointAnglesRadians.SequenceEqual(_angles))
        {
            Hand.ComputeTaxelPoses(jointAnglesRadians, _positions, _normals);
            jointAnglesRadians.CopyTo(_angles);
            _posed = true;
        }
        Skin.Step(_positions, _normals, contacts, rawCounts);
    }
}

using System.Numerics;
using Sparsh.Simulation.Geometry;
using Sparsh.Transforms.Hand;

namespace Sparsh.Simulation.Scenarios;

/// <summary>The hand's taxel poses in the current frame, with helpers to place objects against a taxel.</summary>
internal sealed class SceneView
{
    private readonly float[] _angles;
    private bool _posed;

    public SceneView(HandModel hand, TaxelGeometry geometry)
    {
        Hand = hand;
        Geometry = geometry;
        _angles = new float[hand.JointCount];
        Positions = new float[hand.TaxelCount * 3];
        Normals = new float[hand.TaxelCount * 3];
    }

    public HandModel Hand { get; }
    public TaxelGeometry Geometry { get; }
    public float[] Positions { get; }
    public float[] Normals { get; }

    /// <summary>Runs forward kinematics when the angles changed since the last call.</summary>
    public void Pose(ReadOnlySpan<float> anglesRadians)
    {
        if (_posed && anglesRadians.SequenceEqual(_angles))
            return;
        Hand.ComputeTaxelPoses(anglesRadians, Positions, Normals);
        anglesRadians.CopyTo(_angles);
        _posed = true;
    }

    public Vector3 Position(int taxel) => new(Positions[3 * taxel], Positions[3 * taxel + 1], Positions[3 * taxel + 2]);

    public Vector3 Normal(int taxel) => new(Normals[3 * taxel], Normals[3 * taxel + 1], Normals[3 * taxel + 2]);

    /// <summary>The taxel's frame in this pose: the simulator's local x, y (tangent) and outward normal.</summary>
    public TaxelFrame Frame(int taxel)
    {
        Vector3 n = Normal(taxel);
        Geometry.TangentFrame(taxel, Positions, n, out Vector3 x, out Vector3 y);
        return new TaxelFrame(Position(taxel), x, y, n);
    }
}

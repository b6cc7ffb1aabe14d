using Sparsh.Transforms.Hand;
using Sparsh.Transforms.Onnx;
using Sparsh.Transforms.Xela;

namespace Sparsh.Transforms.Kinematics;

/// <summary>
/// ONNX export of <see cref="KinematicPositionsTransformer"/>: forward kinematics from joint angles to taxel positions
/// (metres, palm frame). Everything but the angles is a constant of the graph.
/// </summary>
public static class KinematicPositionsOnnx
{
    /// <summary>
    /// Adds forward kinematics of <paramref name="hand"/> for angles [..., joints] (radians), returning positions
    /// [..., taxels, 3]. Angles are clamped to the joint limits (the graph cannot throw, so
    /// <see cref="JointLimitPolicy.Throw"/> is not expressible); every joint's rotation is Rodrigues' formula with its
    /// constant axis, joint transforms are chained per finger with MatMul, and each taxel takes its link's pose by
    /// Gather and a MatMul with its constant link-frame position.
    /// </summary>
    public static string AddTo(OnnxGraphBuilder graph, string jointAngles, HandModel hand) =>
        Add(graph, jointAngles, hand, withNormals: false).Positions;

    /// <summary>
    /// As <see cref="AddTo"/>, and also the taxels' unit normals [..., taxels, 3] in the palm frame (the same poses
    /// applied to each taxel's link-frame normal, without translation).
    /// </summary>
    public static (string Positions, string Normals) AddWithNormals(OnnxGraphBuilder graph, string jointAngles, HandModel hand)
    {
        var (positions, normals) = Add(graph, jointAngles, hand, withNormals: true);
        return (positions, normals!);
    }

    private static (string Positions, string? Normals) Add(OnnxGraphBuilder graph, string jointAngles, HandModel hand, bool withNormals)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(hand);
        var joints = hand.Joints;
        int jointCount = joints.Count;
        if (jointCount == 0) throw new ArgumentException("The hand has no joints; there is nothing to export.", nameof(hand));
        using var scope = graph.Scope("kinematics");

        // Clamp to the limits (what JointLimitPolicy.Clamp does), then sin and cos of every angle at once.
        var lower = graph.AddInitializer("lower_limits", joints.Select(j => (float)j.LowerLimitRadians).ToArray(), jointCount);
        var upper = graph.AddInitializer("upper_limits", joints.Select(j => (float)j.UpperLimitRadians).ToArray(), jointCount);
        var clamped = graph.AddNode("Max", [graph.AddNode("Min", [jointAngles, upper], "below_upper"), lower], "clamped_angles");
        var lastTwo = graph.AddInt64s("last_two_axes", -2, -1);
        var sin = graph.AddNode("Unsqueeze", [graph.AddNode("Sin", [clamped], "sin"), lastTwo], "sin_4x4");
        var cos = graph.AddNode("Unsqueeze", [graph.AddNode("Cos", [clamped], "cos"), lastTwo], "cos_4x4");

        // Rodrigues in homogeneous form: R = I + sin * K + (1 - cos) * K^2 with K the cross-product matrix of the axis.
        var k = new float[jointCount * 16];
        var k2 = new float[jointCount * 16];
        var origins = new float[jointCount * 16];
        for (var j = 0; j < jointCount; j++)
        {
            var (x, y, z) = ((double)joints[j].Axis.X, (double)joints[j].Axis.Y, (double)joints[j].Axis.Z);
            double[] cross = [0, -z, y, z, 0, -x, -y, x, 0];
            for (var r = 0; r < 3; r++)
                for (var c = 0; c < 3; c++)
                {
                    k[16 * j + 4 * r + c] = (float)cross[3 * r + c];
                    double square = 0;
                    for (var m = 0; m < 3; m++) square += cross[3 * r + m] * cross[3 * m + c];
                    k2[16 * j + 4 * r + c] = (float)square;
                }
            WriteHomogeneous(joints[j].Origin, origins.AsSpan(16 * j, 16));
        }
        var kTensor = graph.AddInitializer("axis_cross", k, jointCount, 4, 4);
        var k2Tensor = graph.AddInitializer("axis_cross_squared", k2, jointCount, 4, 4);
        var identity = graph.AddInitializer("identity", Identity4(), 4, 4);
        var one = graph.AddScalar("one", 1f);
        var rotation = graph.AddNode("Add", [
            graph.AddNode("Add", [
                graph.AddNode("Mul", [sin, kTensor], "sin_k"),
                graph.AddNode("Mul", [graph.AddNode("Sub", [one, cos], "one_minus_cos"), k2Tensor], "versin_k2")], "rotation_part"),
            identity], "joint_rotations");
        var local = graph.AddNode("MatMul", [graph.AddInitializer("joint_origins", origins, jointCount, 4, 4), rotation], "joint_transforms");

        // Chain the joint transforms from the palm outwards; link slot 0 is the palm, slot j + 1 joint j's child link.
        var slotOfLink = new Dictionary<string, int>(StringComparer.Ordinal) { [hand.PalmLinkName] = 0 };
        for (var j = 0; j < jointCount; j++) slotOfLink[joints[j].ChildLinkName] = j + 1;
        var slotPoses = new string?[jointCount + 1];
        var pending = Enumerable.Range(0, jointCount).ToList();
        while (pending.Count > 0)
        {
            var ready = pending.First(j => slotPoses[slotOfLink[joints[j].ParentLinkName]] is not null || slotOfLink[joints[j].ParentLinkName] == 0);
            pending.Remove(ready);
            var ownTransform = graph.AddNode("Gather", [local, graph.AddInitializer($"joint_{ready}_index", [(long)ready])],
                $"joint_{ready}_local", OnnxAttribute.Int("axis", -3));
            var parentSlot = slotOfLink[joints[ready].ParentLinkName];
            slotPoses[ready + 1] = parentSlot == 0 ? ownTransform
                : graph.AddNode("MatMul", [slotPoses[parentSlot]!, ownTransform], $"link_{ready + 1}_pose");
        }

        // Stack the palm (identity, broadcast to the leading dimensions) and every link pose: [..., slots, 4, 4].
        var minusThree = graph.AddInt64s("slot_axis", -3);
        var stacked = new List<string>();
        for (var slot = 1; slot <= jointCount; slot++)
            stacked.Add(graph.AddNode("Unsqueeze", [slotPoses[slot]!, minusThree], $"link_{slot}_stacked"));
        var palm = graph.AddNode("Expand", [graph.AddInitializer("palm_pose", Identity4(), 1, 4, 4), graph.AddNode("Shape", [stacked[0]], "slot_shape")], "palm_stacked");
        stacked.Insert(0, palm);
        var poses = graph.AddNode("Concat", stacked, "link_poses", OnnxAttribute.Int("axis", -3));
        // Only the top three rows of each pose matter for points.
        var topRows = graph.AddNode("Slice", [poses, graph.AddInt64s("rows_start", 0), graph.AddInt64s("rows_end", 3), graph.AddInt64s("rows_axis", -2)], "link_poses_3x4");

        // Per taxel: its link's pose times its homogeneous position (w = 1) or normal (w = 0) in that link's frame.
        var taxelSlots = new long[hand.TaxelCount];
        var linkPositions = new float[hand.TaxelCount * 4];
        var linkNormals = new float[hand.TaxelCount * 4];
        foreach (var patch in hand.Patches)
        {
            var slot = slotOfLink[patch.ParentLinkName];
            for (var n = 0; n < patch.TaxelCount; n++)
            {
                var t = patch.FirstTaxelIndex + n;
                var (px, py, pz) = TaxelLayouts.Position(patch.Type, n);
                (px, py, pz) = patch.MountTransform.Apply(px, py, pz);
                taxelSlots[t] = slot;
                linkPositions[4 * t] = (float)px;
                linkPositions[4 * t + 1] = (float)py;
                linkPositions[4 * t + 2] = (float)pz;
                linkPositions[4 * t + 3] = 1f;
                var (nx, ny, nz) = TaxelLayouts.Normal(patch.Type, n);
                (nx, ny, nz) = patch.MountTransform.Rotate(nx, ny, nz);
                linkNormals[4 * t] = (float)nx;
                linkNormals[4 * t + 1] = (float)ny;
                linkNormals[4 * t + 2] = (float)nz;
            }
        }
        var taxelPoses = graph.AddNode("Gather", [topRows, graph.AddInitializer("taxel_link_slots", taxelSlots, hand.TaxelCount)],
            "taxel_poses", OnnxAttribute.Int("axis", -3));
        var lastAxis = graph.AddInt64s("vector_axis", -1);
        var points = graph.AddNode("MatMul", [taxelPoses, graph.AddInitializer("taxel_link_positions", linkPositions, hand.TaxelCount, 4, 1)], "taxel_points");
        var positions = graph.AddNode("Squeeze", [points, lastAxis], "taxel_positions");
        if (!withNormals) return (positions, null);
        var directions = graph.AddNode("MatMul", [taxelPoses, graph.AddInitializer("taxel_link_normals", linkNormals, hand.TaxelCount, 4, 1)], "taxel_directions");
        return (positions, graph.AddNode("Squeeze", [directions, lastAxis], "taxel_normals"));
    }

    /// <summary>
    /// A model for windows of <paramref name="frames"/> frames with a dynamic batch dimension: input
    /// <c>options.InputColumnName</c> [batch, frames, joints] radians, output <c>options.OutputColumnName</c>
    /// [batch, frames, taxels, 3] metres, and <c>options.NormalsColumnName</c> (same shape) when set.
    /// </summary>
    public static byte[] Export(KinematicPositionsOptions options, int frames)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        var batch = OnnxDimension.Dynamic("batch");
        return Export(options, [batch, frames, options.Hand.JointCount], [batch, frames, options.Hand.TaxelCount, XelaSkin.AxisCount]);
    }

    /// <summary>
    /// The model for given input and output shapes (the ML.NET columns' dimensions when saving); normals, when
    /// requested, have the positions' shape.
    /// </summary>
    internal static byte[] Export(KinematicPositionsOptions options, OnnxDimension[] inputShape, OnnxDimension[] outputShape)
    {
        var hand = options.Hand;
        var graph = new OnnxGraphBuilder("kinematic_positions");
        var input = graph.AddInput(options.InputColumnName, OnnxElementType.Float, inputShape);
        bool natural = OnnxShapes.EndsWith(inputShape, hand.JointCount)
            && OnnxShapes.SameAs(outputShape, [.. inputShape[..^1], hand.TaxelCount, XelaSkin.AxisCount]);
        var angles = natural ? input : OnnxShapes.Reshape(graph, input, [OnnxDimension.Dynamic("frames"), hand.JointCount], "angle_frames");
        var (positions, normals) = Add(graph, angles, hand, withNormals: options.NormalsColumnName is not null);
        if (!natural) positions = OnnxShapes.Reshape(graph, positions, outputShape, "positions_out");
        graph.AddOutput(positions, OnnxShapes.OutputName(options.OutputColumnName, graph.InputNames), OnnxElementType.Float, outputShape);
        if (normals is not null)
        {
            if (!natural) normals = OnnxShapes.Reshape(graph, normals, outputShape, "normals_out");
            graph.AddOutput(normals, OnnxShapes.OutputName(options.NormalsColumnName!, graph.InputNames), OnnxElementType.Float, outputShape);
        }
        return graph.ToModelBytes("Sparsh KinematicPositions: joint angles (radians) to taxel positions (metres, palm frame).");
    }

    private static float[] Identity4() => [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];

    private static void WriteHomogeneous(in RigidTransform pose, Span<float> target)
    {
        ReadOnlySpan<double> values =
        [
            pose.R00, pose.R01, pose.R02, pose.Tx,
            pose.R10, pose.R11, pose.R12, pose.Ty,
            pose.R20, pose.R21, pose.R22, pose.Tz,
            0, 0, 0, 1,
        ];
        for (var i = 0; i < 16; i++) target[i] = (float)values[i];
    }
}

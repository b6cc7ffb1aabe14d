using Sparsh.Transforms.Hand;

namespace Sparsh.Transforms.Tests.Hand;

[TestClass]
public sealed class ForwardKinematicsTests
{
    private static readonly HandModel Hand = HandModel.AllegroXela;

    private static readonly string[] IndexFingerPatches = ["0aftc", "link_2_4x4", "link_1A_4x4", "link_1B_4x4"];

    [TestMethod]
    public void EveryTaxelMatchesAnIndependentUrdfAndXacroComputation()
    {
        var reference = new ReferenceKinematics(XelaReferenceFiles.PathOf(XelaReferenceFiles.HandUrdf));
        var xacro = XelaReferenceFiles.PathOf(XelaReferenceFiles.SensorXacro);
        var layouts = new Dictionary<TaxelType, IReadOnlyList<(double[] Xyz, double[] RpyDegrees)>>
        {
            [TaxelType.CurvedFingertip] = ReferenceKinematics.XacroTaxels(xacro, "sensoraftc"),
            [TaxelType.Patch4x4] = ReferenceKinematics.XacroTaxels(xacro, "sensor4x4"),
            [TaxelType.Palm4x6] = ReferenceKinematics.XacroTaxels(xacro, "sensor4x6"),
        };

        foreach (var (name, angles) in JointConfigurations.All(Hand))
        {
            var (positions, normals) = Poses(angles);
            // The reference clamps like the default policy (zeros put joint_12 below its lower limit of 0.263).
            var clamped = Hand.Joints.Select(j => Math.Clamp((double)angles[j.Index], j.LowerLimitRadians, j.UpperLimitRadians)).ToArray();
            foreach (var patch in Hand.Patches)
            {
                var pose = reference.LinkPose(patch.Name + "_palm_link", clamped);
                for (var n = 0; n < patch.TaxelCount; n++)
                {
                    var (xyz, rpy) = layouts[patch.Type][n];
                    var expected = ReferenceKinematics.Apply(pose, xyz);
                    var frame = ReferenceKinematics.Multiply(pose, ReferenceKinematics.RpyRotation([.. rpy.Select(double.DegreesToRadians)]));
                    var expectedNormal = ReferenceKinematics.Apply(frame, [0, 0, 1], w: 0);
                    var i = 3 * (patch.FirstTaxelIndex + n);
                    for (var axis = 0; axis < 3; axis++)
                    {
                        Assert.AreEqual(expected[axis], positions[i + axis], 1e-6, $"{name}: {patch.Name}_{n + 1} position axis {axis}");
                        Assert.AreEqual(expectedNormal[axis], normals[i + axis], 1e-6, $"{name}: {patch.Name}_{n + 1} normal axis {axis}");
                    }
                }
            }
        }
    }

    [TestMethod]
    public void MiddleFingertipTaxelMatchesAHandComputedPose()
    {
        // Middle finger, all joints at zero: link_7 sits 0.0007 + 0.0189 + 0.054 + 0.0384 = 0.112 m above the palm
        // origin. The fingertip mount (xyz -0.013 0 0.016, rpy 90 0 90 degrees) maps a sensor point (x, y, z) to
        // (z - 0.013, x, y + 0.128). Taxel 14 at (0.0039, 0.0103, 0.02574) with ry = 18 degrees therefore sits at
        // (0.01274, 0.0039, 0.1383) with normal (cos 18, sin 18, 0).
        var angles = new float[16];
        angles[12] = 0.5f;  // thumb base inside its limits; the thumb does not move the middle finger
        var taxel = 3 * Hand.IndexOfTaxel("1aftc_14");
        var (positions, normals) = Poses(angles);
        AssertVector([0.01274, 0.0039, 0.1383], positions, taxel);
        AssertVector([Math.Cos(double.DegreesToRadians(18)), Math.Sin(double.DegreesToRadians(18)), 0], normals, taxel);

        // joint_5 (axis y, 0.0196 m above the palm origin) at 90 degrees turns the finger towards +x, the palm side:
        // (x, z - 0.0196) -> (z - 0.0196, -x).
        angles[5] = MathF.PI / 2;
        (positions, normals) = Poses(angles);
        AssertVector([0.1383 - 0.0196, 0.0039, 0.0196 - 0.01274], positions, taxel);
        AssertVector([0, Math.Sin(double.DegreesToRadians(18)), -Math.Cos(double.DegreesToRadians(18))], normals, taxel);
    }

    [TestMethod]
    public void FlexingJoint1MovesOnlyTheIndexFingerBeyondIt()
    {
        var angles = JointConfigurations.MidRange(Hand);
        var (before, _) = Poses(angles);
        angles[1] += 0.3f;
        var (after, _) = Poses(angles);

        foreach (var patch in Hand.Patches)
        {
            var moved = MaxDisplacement(before, after, patch);
            if (IndexFingerPatches.Contains(patch.Name))
            {
                Assert.IsGreaterThan(1e-3, moved, $"{patch.Name} should move with joint_1");
            }
            else
            {
                Assert.AreEqual(0.0, moved, $"{patch.Name} should not move with joint_1");
            }
        }
    }

    [TestMethod]
    public void Joint3MovesOnlyTheIndexFingertip()
    {
        var angles = JointConfigurations.MidRange(Hand);
        var (before, _) = Poses(angles);
        angles[3] -= 0.4f;
        var (after, _) = Poses(angles);
        foreach (var patch in Hand.Patches)
        {
            var moved = MaxDisplacement(before, after, patch);
            Assert.AreEqual(patch.Name == "0aftc", moved > 1e-3, $"{patch.Name} moved {moved} m");
        }
    }

    [TestMethod]
    public void PalmTaxelsNeverMoveAndPatchShapesAreRigid()
    {
        var configurations = JointConfigurations.All(Hand).Select(c => Poses(c.Angles).Positions).ToArray();
        var first = configurations[0];
        foreach (var positions in configurations.Skip(1))
        {
            foreach (var patch in Hand.Patches)
            {
                if (patch.ParentLinkName == "palm_link")
                {
                    Assert.AreEqual(0.0, MaxDisplacement(first, positions, patch), patch.Name);
                }

                // Every pairwise distance inside a patch is the same in every configuration.
                for (var a = 0; a < patch.TaxelCount; a++)
                {
                    for (var b = a + 1; b < patch.TaxelCount; b++)
                    {
                        var i = patch.FirstTaxelIndex + a;
                        var j = patch.FirstTaxelIndex + b;
                        Assert.AreEqual(Distance(first, i, j), Distance(positions, i, j), 1e-6, $"{patch.Name} taxels {a + 1} and {b + 1}");
                    }
                }
            }
        }
    }

    [TestMethod]
    public void NormalsAreUnitVectorsAndSkippingThemLeavesPositionsUnchanged()
    {
        foreach (var (name, angles) in JointConfigurations.All(Hand))
        {
            var (positions, normals) = Poses(angles);
            for (var t = 0; t < Hand.TaxelCount; t++)
            {
                var length = Math.Sqrt(normals[3 * t] * normals[3 * t] + normals[3 * t + 1] * normals[3 * t + 1] + normals[3 * t + 2] * normals[3 * t + 2]);
                Assert.AreEqual(1.0, length, 1e-5, $"{name}: {Hand.Taxels[t].Name}");
            }

            var positionsOnly = new float[Hand.TaxelCount * 3];
            Hand.ComputeTaxelPoses(angles, positionsOnly, Span<float>.Empty);
            CollectionAssert.AreEqual(positions, positionsOnly, name);
        }
    }

    [TestMethod]
    public void PatchPosesAgreeWithTaxelPositions()
    {
        var angles = JointConfigurations.Random(Hand, 3);
        var patchPoses = new RigidTransform[Hand.Patches.Count];
        Hand.ComputePatchPoses(angles, patchPoses);
        var (positions, _) = Poses(angles);
        foreach (var taxel in Hand.Taxels)
        {
            var expected = patchPoses[taxel.PatchIndex].Apply(taxel.LocalPositionMetres);
            AssertVector([expected.X, expected.Y, expected.Z], positions, 3 * taxel.Index);
        }
    }

    [TestMethod]
    public void ClampPolicyGivesTheSamePosesAsTheLimit()
    {
        var atLimits = JointConfigurations.MidRange(Hand);
        var beyond = (float[])atLimits.Clone();
        atLimits[13] = (float)Hand.Joints[13].UpperLimitRadians;
        beyond[13] = atLimits[13] + 0.5f;
        atLimits[12] = (float)Hand.Joints[12].LowerLimitRadians;
        beyond[12] = -1f;

        // The float limits differ from the double limits the clamp uses by under 1e-7 rad.
        var (expected, expectedNormals) = Poses(atLimits);
        var (clamped, clampedNormals) = Poses(beyond);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.AreEqual(expected[i], clamped[i], 1e-6, $"position value {i}");
            Assert.AreEqual(expectedNormals[i], clampedNormals[i], 1e-6, $"normal value {i}");
        }

        var (midRange, _) = Poses(JointConfigurations.MidRange(Hand));
        Assert.IsGreaterThan(1e-3, MaxDisplacement(midRange, clamped, Hand.GetPatch("3aftc")), "the clamped thumb is not at mid-range");
    }

    [TestMethod]
    public void ThrowPolicyNamesTheJointTheAngleAndTheLimits()
    {
        var angles = JointConfigurations.MidRange(Hand);
        angles[13] = 1.5f;
        var positions = new float[Hand.TaxelCount * 3];
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Hand.ComputeTaxelPoses(angles, positions, [], JointLimitPolicy.Throw));
        StringAssert.Contains(error.Message, "'joint_13'");
        StringAssert.Contains(error.Message, "1.5");
        StringAssert.Contains(error.Message, "-0.10499999999999998");
        StringAssert.Contains(error.Message, "1.1629999999999998");
        Assert.AreEqual("jointAnglesRadians", error.ParamName);
    }

    [TestMethod]
    public void ThrowPolicyAcceptsAnAngleRecordedAtTheLimit()
    {
        var angles = JointConfigurations.MidRange(Hand);
        // The nearest float above the limit: what a recording of a joint resting at its limit can hold.
        var upper = Hand.Joints[15].UpperLimitRadians;
        angles[15] = (float)upper <= upper ? MathF.BitIncrement((float)upper) : (float)upper;
        Assert.IsGreaterThan(upper, (double)angles[15]);
        var strict = new float[Hand.TaxelCount * 3];
        Hand.ComputeTaxelPoses(angles, strict, [], JointLimitPolicy.Throw);
        CollectionAssert.AreEqual(Poses(angles).Positions, strict);
    }

    [TestMethod]
    [DataRow(float.NaN)]
    [DataRow(float.PositiveInfinity)]
    [DataRow(float.NegativeInfinity)]
    public void NonFiniteAnglesThrowNamingTheJointUnderEitherPolicy(float bad)
    {
        var angles = JointConfigurations.MidRange(Hand);
        angles[6] = bad;
        var positions = new float[Hand.TaxelCount * 3];
        foreach (var policy in new[] { JointLimitPolicy.Clamp, JointLimitPolicy.Throw })
        {
            var error = Assert.ThrowsExactly<ArgumentException>(() => Hand.ComputeTaxelPoses(angles, positions, [], policy));
            StringAssert.Contains(error.Message, "'joint_6'");
            StringAssert.Contains(error.Message, "finite");
        }
    }

    [TestMethod]
    public void WrongSpanLengthsStateExpectedAndActual()
    {
        var positions = new float[Hand.TaxelCount * 3];
        var error = Assert.ThrowsExactly<ArgumentException>(() => Hand.ComputeTaxelPoses(new float[15], positions, []));
        StringAssert.Contains(error.Message, "16");
        StringAssert.Contains(error.Message, "15");
        Assert.AreEqual("jointAnglesRadians", error.ParamName);

        error = Assert.ThrowsExactly<ArgumentException>(() => Hand.ComputeTaxelPoses(new float[16], new float[368], []));
        StringAssert.Contains(error.Message, "1104");
        StringAssert.Contains(error.Message, "368");
        Assert.AreEqual("positionsMetres", error.ParamName);

        error = Assert.ThrowsExactly<ArgumentException>(() => Hand.ComputeTaxelPoses(new float[16], positions, new float[3]));
        StringAssert.Contains(error.Message, "1104");
        Assert.AreEqual("normals", error.ParamName);
    }

    [TestMethod]
    public void ComputingPosesAllocatesNothing()
    {
        var angles = JointConfigurations.Random(Hand, 11);
        var positions = new float[Hand.TaxelCount * 3];
        var normals = new float[Hand.TaxelCount * 3];
        // The same loop once before measuring: the JIT's first compilations, tier-up and on-stack replacement of the loop
        // allocate on this thread, and a loaded machine runs them at other moments.
        ComputePoses(angles, positions, normals);

        var before = GC.GetAllocatedBytesForCurrentThread();
        ComputePoses(angles, positions, normals);
        Assert.AreEqual(0L, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    // With and without normals, 1000 times.
    private static void ComputePoses(float[] angles, float[] positions, float[] normals)
    {
        for (var i = 0; i < 1000; i++)
        {
            angles[i % 16] += 1e-4f;
            Hand.ComputeTaxelPoses(angles, positions, i % 2 == 0 ? normals : Span<float>.Empty);
        }
    }

    private static (float[] Positions, float[] Normals) Poses(float[] angles)
    {
        var positions = new float[Hand.TaxelCount * 3];
        var normals = new float[Hand.TaxelCount * 3];
        Hand.ComputeTaxelPoses(angles, positions, normals);
        return (positions, normals);
    }

    private static double MaxDisplacement(float[] a, float[] b, SensorPatch patch)
    {
        var max = 0.0;
        for (var t = patch.FirstTaxelIndex; t < patch.FirstTaxelIndex + patch.TaxelCount; t++)
        {
            var dx = a[3 * t] - b[3 * t];
            var dy = a[3 * t + 1] - b[3 * t + 1];
            var dz = a[3 * t + 2] - b[3 * t + 2];
            max = Math.Max(max, Math.Sqrt(dx * dx + dy * dy + dz * dz));
        }

        return max;
    }

    private static double Distance(float[] positions, int i, int j)
    {
        double dx = positions[3 * i] - positions[3 * j];
        double dy = positions[3 * i + 1] - positions[3 * j + 1];
        double dz = positions[3 * i + 2] - positions[3 * j + 2];
        return Math.Sqrt(dx * dx + dy * dy + dz * dz);
    }

    private static void AssertVector(double[] expected, float[] values, int offset)
    {
        for (var axis = 0; axis < 3; axis++)
        {
            Assert.AreEqual(expected[axis], values[offset + axis], 1e-6, $"axis {axis}");
        }
    }
}

using Sparsh.Transforms.Hand;

namespace Sparsh.Transforms.Tests.Hand;

[TestClass]
public sealed class RigidTransformTests
{
    [TestMethod]
    public void UrdfOriginUsesFixedAxisRollPitchYaw()
    {
        var transform = RigidTransform.FromUrdfOrigin(0.1, -0.2, 0.3, 0.4, -0.5, 1.2);
        var expected = ReferenceKinematics.Multiply(ReferenceKinematics.Translation([0.1, -0.2, 0.3]), ReferenceKinematics.RpyRotation([0.4, -0.5, 1.2]));
        AssertEqual(expected, transform);

        // Roll 90 degrees then yaw 90 degrees (the fingertip mount): x -> y, y -> z, z -> x.
        var mount = RigidTransform.FromUrdfOrigin(0, 0, 0, Math.PI / 2, 0, Math.PI / 2);
        var (x, y, z) = mount.Rotate(1, 2, 3);
        Assert.AreEqual(3, x, 1e-12);
        Assert.AreEqual(1, y, 1e-12);
        Assert.AreEqual(2, z, 1e-12);
    }

    [TestMethod]
    public void ComposeAppliesTheChildFirstAndInverseUndoes()
    {
        var parent = RigidTransform.FromUrdfOrigin(0.01, 0.02, 0.03, 0.1, 0.2, 0.3);
        var child = RigidTransform.FromUrdfOrigin(-0.05, 0.04, 0.0, -0.7, 0.3, 2.0);
        var composed = parent * child;
        var viaChild = child.Apply(0.3, -0.1, 0.2);
        var (x, y, z) = composed.Apply(0.3, -0.1, 0.2);
        var expected = parent.Apply(viaChild.X, viaChild.Y, viaChild.Z);
        Assert.AreEqual(expected.X, x, 1e-12);
        Assert.AreEqual(expected.Y, y, 1e-12);
        Assert.AreEqual(expected.Z, z, 1e-12);

        Assert.IsLessThan(1e-12, (composed.Inverse() * composed).MaxAbsDifference(RigidTransform.Identity));
    }

    [TestMethod]
    public void AxisAngleFollowsTheRightHandRule()
    {
        var axis = new[] { 0.36, 0.48, 0.8 };
        AssertEqual(ReferenceKinematics.AxisAngle(axis, 0.9), RigidTransform.FromAxisAngle(axis[0], axis[1], axis[2], 0.9));

        var (x, y, z) = RigidTransform.FromAxisAngle(0, 0, 1, Math.PI / 2).Rotate(1, 0, 0);
        Assert.AreEqual(0, x, 1e-12);
        Assert.AreEqual(1, y, 1e-12);
        Assert.AreEqual(0, z, 1e-12);
    }

    private static void AssertEqual(double[,] expected, RigidTransform actual)
    {
        double[,] values =
        {
            { actual.R00, actual.R01, actual.R02, actual.Tx },
            { actual.R10, actual.R11, actual.R12, actual.Ty },
            { actual.R20, actual.R21, actual.R22, actual.Tz },
        };
        for (var row = 0; row < 3; row++)
        {
            for (var column = 0; column < 4; column++)
            {
                Assert.AreEqual(expected[row, column], values[row, column], 1e-12, $"[{row}, {column}]");
            }
        }
    }
}

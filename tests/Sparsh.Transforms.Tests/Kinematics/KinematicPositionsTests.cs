using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Transforms.Core;
using Sparsh.Transforms.Hand;
using Sparsh.Transforms.Kinematics;
using Sparsh.Transforms.Xela;

namespace Sparsh.Transforms.Tests.Kinematics;

[TestClass]
public sealed class KinematicPositionsTests
{
    private const int Frames = 3;

    public sealed class Window
    {
        [VectorType(Frames, XelaSkin.JointCount)] public float[] JointAngles { get; set; } = [];
    }

    public sealed class Output
    {
        [VectorType(Frames * XelaSkin.ValuesPerFrame)] public float[] TaxelPositions { get; set; } = [];
        [VectorType(Frames * XelaSkin.ValuesPerFrame)] public float[] TaxelNormals { get; set; } = [];
    }

    private static float[] Angles(params float[] perFrameJoint1)
    {
        var angles = new float[perFrameJoint1.Length * XelaSkin.JointCount];
        for (int f = 0; f < perFrameJoint1.Length; f++) angles[f * XelaSkin.JointCount + 1] = perFrameJoint1[f];
        return angles;
    }

    [TestMethod]
    public void EachFrameGetsTheForwardKinematicsOfItsAngles()
    {
        var mlContext = new MLContext(seed: 1);
        var window = new Window { JointAngles = Angles(0f, 0.8f, 1.5f) };
        var data = mlContext.Data.LoadFromEnumerable(new[] { window });
        var model = new KinematicPositionsEstimator(new KinematicPositionsOptions { NormalsColumnName = XelaColumnNames.TaxelNormals }).Fit(data);
        var output = mlContext.Model.CreatePredictionEngine<Window, Output>(model).Predict(window);

        var hand = HandModel.AllegroXela;
        var expected = new float[XelaSkin.ValuesPerFrame];
        var expectedNormals = new float[XelaSkin.ValuesPerFrame];
        for (int f = 0; f < Frames; f++)
        {
            hand.ComputeTaxelPoses(window.JointAngles.AsSpan(f * 16, 16), expected, expectedNormals);
            CollectionAssert.AreEqual(expected, output.TaxelPositions.AsSpan(f * XelaSkin.ValuesPerFrame, XelaSkin.ValuesPerFrame).ToArray(), $"frame {f}");
            CollectionAssert.AreEqual(expectedNormals, output.TaxelNormals.AsSpan(f * XelaSkin.ValuesPerFrame, XelaSkin.ValuesPerFrame).ToArray(), $"frame {f}");
        }

        // Flexing joint_1 moves the index finger's proximal patch, never the palm.
        int palm = hand.IndexOfTaxel("ahr_palm_1_4x6_1"), index = hand.IndexOfTaxel("link_2_4x4_1");
        float Moved(int taxel) => Enumerable.Range(0, 3).Sum(a => Math.Abs(
            output.TaxelPositions[2 * XelaSkin.ValuesPerFrame + 3 * taxel + a] - output.TaxelPositions[3 * taxel + a]));
        Assert.AreEqual(0f, Moved(palm));
        Assert.IsGreaterThan(0.01f, Moved(index), "an index-finger taxel moves by centimetres when joint_1 flexes 1.5 rad");
    }

    [TestMethod]
    public void PalmTaxelSitsWhereTheUrdfMountsIt()
    {
        // ahr_palm_1 is mounted at (0.013, -0.051, -0.0365) with rpy (90, 0, 90) degrees: its local (x, y, z) maps to
        // palm (z, x, y) + mount, and taxel 1 sits at local (0.01024, 0.026505, 0.005).
        var hand = HandModel.AllegroXela;
        var positions = new float[XelaSkin.ValuesPerFrame];
        hand.ComputeTaxelPoses(new float[16], positions, Span<float>.Empty);
        int taxel = hand.IndexOfTaxel("ahr_palm_1_4x6_1");
        Assert.AreEqual(0.013 + 0.005, positions[3 * taxel], 1e-6);
        Assert.AreEqual(-0.051 + 0.01024, positions[3 * taxel + 1], 1e-6);
        Assert.AreEqual(-0.0365 + 0.026505, positions[3 * taxel + 2], 1e-6);
    }

    [TestMethod]
    public void SchemaCarriesWindowDimensionsAndTaxelSlotNames()
    {
        var mlContext = new MLContext(seed: 1);
        var data = mlContext.Data.LoadFromEnumerable(new[] { new Window { JointAngles = Angles(0, 0, 0) } });
        var schema = new KinematicPositionsEstimator(new KinematicPositionsOptions()).Fit(data).GetOutputSchema(data.Schema);
        var column = schema[XelaColumnNames.TaxelPositions];
        CollectionAssert.AreEqual(new[] { Frames, XelaSkin.TaxelCount, 3 }, ((VectorDataViewType)column.Type).Dimensions.ToArray());
        var names = SlotNames.Read(column)!;
        Assert.AreEqual(Frames * XelaSkin.ValuesPerFrame, names.Length);
        Assert.AreEqual("t0:3aftc_1.x", names[0]);
        Assert.AreEqual("t2:ahr_palm_3_4x6_24.z", names[^1]);
    }

    [TestMethod]
    public void ThrowPolicyNamesTheJointOutsideItsLimits()
    {
        var mlContext = new MLContext(seed: 1);
        var joints = HandModel.AllegroXela.Joints;
        var angles = Enumerable.Range(0, Frames * XelaSkin.JointCount)
            .Select(i => (float)(0.5 * (joints[i % 16].LowerLimitRadians + joints[i % 16].UpperLimitRadians))).ToArray();
        angles[XelaSkin.JointCount + 13] = 3f; // frame 1, joint_13 (limits -0.105..1.163 rad)
        var data = mlContext.Data.LoadFromEnumerable(new[] { new Window { JointAngles = angles } });
        var output = new KinematicPositionsEstimator(new KinematicPositionsOptions { JointLimits = JointLimitPolicy.Throw }).Fit(data).Transform(data);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => output.GetColumn<float[]>(XelaColumnNames.TaxelPositions).ToList());
        StringAssert.Contains(error.Message, "joint_13", error.ToString());
    }

    [TestMethod]
    public void WrongJointVectorLengthIsRejectedNamingTheColumn()
    {
        var mlContext = new MLContext(seed: 1);
        var data = mlContext.Data.LoadFromEnumerable(new[] { new Odd() });
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new KinematicPositionsEstimator(new KinematicPositionsOptions()).Fit(data));
        StringAssert.Contains(error.Message, "'JointAngles'");
        StringAssert.Contains(error.Message, "x 16");
    }

    [TestMethod]
    public void FlatMultiFrameJointVectorGetsFrameDimensions()
    {
        var mlContext = new MLContext(seed: 1);
        var data = mlContext.Data.LoadFromEnumerable(new[] { new FlatTwoFrames() });
        var schema = new KinematicPositionsEstimator(new KinematicPositionsOptions()).Fit(data).GetOutputSchema(data.Schema);
        CollectionAssert.AreEqual(new[] { 2, XelaSkin.TaxelCount, 3 }, ((VectorDataViewType)schema[XelaColumnNames.TaxelPositions].Type).Dimensions.ToArray());
    }

    public sealed class FlatTwoFrames
    {
        [VectorType(2 * XelaSkin.JointCount)] public float[] JointAngles { get; set; } = new float[2 * XelaSkin.JointCount];
    }

    public sealed class Odd
    {
        [VectorType(15)] public float[] JointAngles { get; set; } = new float[15];
    }
}

using Sparsh.Simulation.Scenarios;
using Sparsh.Transforms.Hand;

namespace Sparsh.Simulation.Tests;

[TestClass]
public sealed class JointTrajectoryTests
{
    [TestMethod]
    public void MinimumJerkStartsAndEndsAtRestAndIsMonotone()
    {
        Assert.AreEqual(0.0, MinimumJerk.Blend(0));
        Assert.AreEqual(1.0, MinimumJerk.Blend(1));
        Assert.AreEqual(0.5, MinimumJerk.Blend(0.5), 1e-12);
        Assert.AreEqual(0.0, MinimumJerk.BlendRate(0));
        Assert.AreEqual(0.0, MinimumJerk.BlendRate(1));
        Assert.AreEqual(1.875, MinimumJerk.BlendRate(0.5), 1e-12);
        double previous = 0;
        for (int k = 1; k <= 1000; k++)
        {
            double s = k / 1000.0, b = MinimumJerk.Blend(s);
            Assert.IsGreaterThanOrEqualTo(previous, b);
            // The rate is the derivative of the blend.
            Assert.AreEqual(MinimumJerk.BlendRate(s - 0.0005), (b - previous) * 1000, 2e-3);
            previous = b;
        }
    }

    [TestMethod]
    public void RandomTrajectoryStaysInsideJointLimits()
    {
        var hand = HandModel.AllegroXela;
        var trajectory = JointTrajectory.Random(hand, 60, seed: 3);
        Assert.IsGreaterThanOrEqualTo(60.0, trajectory.EndSeconds);
        Assert.IsGreaterThan(20, trajectory.WaypointTimes.Count, "a minute holds many moves");
        var angles = new float[hand.JointCount];
        var min = Enumerable.Repeat(double.PositiveInfinity, hand.JointCount).ToArray();
        var max = Enumerable.Repeat(double.NegativeInfinity, hand.JointCount).ToArray();
        for (double t = -1; t < 62; t += 0.003)
        {
            trajectory.Evaluate(t, angles);
            for (int j = 0; j < angles.Length; j++)
            {
                var joint = hand.Joints[j];
                Assert.IsTrue(angles[j] >= joint.LowerLimitRadians && angles[j] <= joint.UpperLimitRadians,
                    $"{joint.Name} = {angles[j]} at {t:F3} s is outside [{joint.LowerLimitRadians}, {joint.UpperLimitRadians}]");
                min[j] = Math.Min(min[j], angles[j]);
                max[j] = Math.Max(max[j], angles[j]);
            }
        }
        for (int j = 0; j < angles.Length; j++)
        {
            var joint = hand.Joints[j];
            Assert.IsGreaterThan(0.4 * (joint.UpperLimitRadians - joint.LowerLimitRadians), max[j] - min[j], $"{joint.Name} explores its range");
        }
    }

    [TestMethod]
    public void RandomTrajectoryIsSmooth()
    {
        var hand = HandModel.AllegroXela;
        var options = new JointTrajectoryOptions();
        var trajectory = JointTrajectory.Random(hand, 30, seed: 8, options);
        const double dt = 0.001;
        var a = new float[16];
        var b = new float[16];
        var c = new float[16];
        double maxRange = hand.Joints.Max(j => j.UpperLimitRadians - j.LowerLimitRadians);
        // Minimum jerk peaks at 1.875 x step / duration: the largest step over the shortest move bounds the speed,
        // and the acceleration (10 / sqrt(3) x step / duration^2) is bounded too: no jumps, no kinks.
        double maxSpeed = 1.875 * options.MaxStepFraction * maxRange / options.MoveSeconds.Min;
        double maxAcceleration = 5.78 * options.MaxStepFraction * maxRange / (options.MoveSeconds.Min * options.MoveSeconds.Min);
        for (double t = 0; t < 30; t += dt)
        {
            trajectory.Evaluate(t, a);
            trajectory.Evaluate(t + dt, b);
            trajectory.Evaluate(t + 2 * dt, c);
            for (int j = 0; j < 16; j++)
            {
                double speed = (b[j] - a[j]) / dt;
                double acceleration = (c[j] - 2 * b[j] + a[j]) / (dt * dt);
                Assert.IsLessThan(maxSpeed * 1.01 + 0.01, Math.Abs(speed), $"joint {j} speed at {t:F3} s");
                Assert.IsLessThan(maxAcceleration * 1.05 + 1.0, Math.Abs(acceleration), $"joint {j} acceleration at {t:F3} s");
            }
        }
    }

    [TestMethod]
    public void SameSeedGivesTheSameTrajectory()
    {
        var hand = HandModel.AllegroXela;
        var first = JointTrajectory.Random(hand, 10, seed: 5);
        var again = JointTrajectory.Random(hand, 10, seed: 5);
        var other = JointTrajectory.Random(hand, 10, seed: 6);
        var x = new float[16];
        var y = new float[16];
        var z = new float[16];
        first.Evaluate(4.321, x);
        again.Evaluate(4.321, y);
        other.Evaluate(4.321, z);
        CollectionAssert.AreEqual(x, y);
        CollectionAssert.AreNotEqual(x, z);
    }
}

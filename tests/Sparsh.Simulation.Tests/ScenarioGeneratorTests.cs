using System.Diagnostics;
using System.Numerics;
using Sparsh.Simulation.Contact;
using Sparsh.Simulation.Scenarios;
using Sparsh.Transforms.Recordings;

namespace Sparsh.Simulation.Tests;

[TestClass]
public sealed class ScenarioGeneratorTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void PlayHasMagneticAndJointStreamsAtTheirRatesAndTouchesTheSkin()
    {
        const double seconds = 6;
        var skin = ScenarioFixture.HealthySkin();
        var generator = new PlayScenario(ScenarioFixture.Short(seconds));
        long start = Stopwatch.GetTimestamp();
        var recording = generator.Generate(skin, seed: 1);
        var elapsed = Stopwatch.GetElapsedTime(start);
        TestContext.WriteLine($"play: {seconds * 100 / elapsed.TotalSeconds:F0} frames/s including kinematics and joint stream ({seconds / elapsed.TotalSeconds:F0}x real time)");

        ScenarioFixture.AssertStreams(recording, seconds, "play", skin.Id);
        Assert.AreEqual(0, recording.Labels.Count, "play is unlabelled");
        Assert.AreEqual("play-test-skin-1", recording.Id);
        // Objects touch the skin: some taxel moves far beyond noise and drift at some point.
        double largest = 0;
        var magnetic = recording.Magnetic;
        for (int r = 0; r < magnetic.Count; r++)
            largest = Math.Max(largest, ScenarioFixture.Change(skin.OffsetCounts, magnetic.Row(r)).Max());
        Assert.IsGreaterThan(300.0, largest, "contacts move the readings");
        // The hand moves: joints change by more than encoder noise.
        var joints = recording.Joints!;
        double travel = Enumerable.Range(0, 16).Max(k => Math.Abs(joints.Row(joints.Count - 1)[k] - joints.Row(0)[k]));
        Assert.IsGreaterThan(0.05, travel, "the hand moves");
    }

    [TestMethod]
    public void PlayRunsEveryActionWithAllObjects()
    {
        var skin = ScenarioFixture.HealthySkin();
        foreach (var action in Enum.GetValues<PlayAction>())
        {
            var recording = new PlayScenario(ScenarioFixture.Short(4), actions: [action]).Generate(skin, seed: 2);
            double largest = 0;
            for (int r = 0; r < recording.Magnetic.Count; r++)
                largest = Math.Max(largest, ScenarioFixture.Change(skin.OffsetCounts, recording.Magnetic.Row(r)).Max());
            Assert.IsGreaterThan(100.0, largest, $"{action} touches the skin");
        }
    }

    [TestMethod]
    public void ForceLabelsFollowTheProbesAndAreZeroBetweenThem()
    {
        const double seconds = 8;
        const int seed = 4;
        var skin = ScenarioFixture.HealthySkin();
        var generator = new ForceProbingScenario(ScenarioFixture.Short(seconds));
        var recording = generator.Generate(skin, seed);
        ScenarioFixture.AssertStreams(recording, seconds, "force_probing", skin.Id);
        var force = recording.Labels["force"];
        Assert.AreEqual(3, force.Width);
        Assert.AreEqual("N", force.Unit);
        CollectionAssert.AreEqual(recording.Magnetic.TimestampsSeconds, force.TimestampsSeconds, "a label per magnetic frame");

        var probes = generator.Probes(seed);
        Assert.IsGreaterThanOrEqualTo(3, probes.Count);
        var poseJoints = recording.Joints!;
        var pose = generator.HandPose(seed);
        for (int k = 0; k < 16; k++)
            Assert.AreEqual(pose[k], poseJoints.Row(poseJoints.Count / 2)[k], 0.012, "the hand holds the planned pose");

        int touching = 0;
        for (int r = 0; r < force.Count; r++)
        {
            var row = force.Row(r);
            // Frames sit on the 100 Hz grid within 0.45 periods of jitter.
            double nominal = Math.Round(force.TimestampsSeconds[r] * 100) / 100;
            bool active = probes.Any(p => nominal > p.Profile.StartSeconds && nominal < p.Profile.EndSeconds);
            Assert.IsGreaterThanOrEqualTo(0f, row[2], "normal force presses");
            if (!active)
            {
                CollectionAssert.AreEqual(new float[3], row.ToArray(), $"no force at {nominal} s between probes");
                continue;
            }
            var probe = probes.Single(p => nominal > p.Profile.StartSeconds && nominal < p.Profile.EndSeconds);
            if (nominal >= probe.Profile.HoldStartSeconds && nominal <= probe.Profile.ReleaseStartSeconds)
            {
                touching++;
                Assert.IsGreaterThan(0.01f, row[2], $"probe on taxel {probe.Taxel} presses at {nominal} s");
            }
            // Shear never exceeds Coulomb friction.
            Assert.IsLessThanOrEqualTo(ContactObject.DefaultFriction * row[2] * 1.001f + 1e-6f, MathF.Sqrt(row[0] * row[0] + row[1] * row[1]), "Coulomb limit");
            Assert.IsLessThan(20f, row[2], "forces stay in a fingertip's range");
        }
        Assert.IsGreaterThan(50, touching);
        float[] normals = Enumerable.Range(0, force.Count).Select(r => force.Row(r)[2]).ToArray();
        Assert.IsGreaterThan(0.5f, normals.Max(), "the deepest probes reach a fraction of a newton or more");
        Assert.IsTrue(Enumerable.Range(0, force.Count).Any(r => MathF.Abs(force.Row(r)[0]) > 0.02f), "probes shear along x");
        Assert.IsTrue(Enumerable.Range(0, force.Count).Any(r => MathF.Abs(force.Row(r)[1]) > 0.02f), "probes shear along y");
    }

    [TestMethod]
    public void ProbedTaxelChangesMoreThanTheRestOfTheHand()
    {
        const double seconds = 10;
        const int seed = 6;
        var skin = ScenarioFixture.HealthySkin();
        var generator = new ForceProbingScenario(ScenarioFixture.Short(seconds));
        var recording = generator.Generate(skin, seed);
        var magnetic = recording.Magnetic;
        var hand = ScenarioFixture.Hand;
        var positions = new float[hand.TaxelCount * 3];
        hand.ComputeTaxelPoses(generator.HandPose(seed), positions, []);
        Vector3 At(int t) => new(positions[3 * t], positions[3 * t + 1], positions[3 * t + 2]);

        int checkedProbes = 0;
        foreach (var probe in generator.Probes(seed))
        {
            var rest = magnetic.Row(ScenarioFixture.RowNear(magnetic, probe.Profile.StartSeconds - 0.02)).ToArray();
            var pressed = magnetic.Row(ScenarioFixture.RowNear(magnetic, probe.Profile.ReleaseStartSeconds - 0.02));
            var change = ScenarioFixture.Change(rest, pressed);
            double farthest = Enumerable.Range(0, hand.TaxelCount)
                .Where(t => Vector3.Distance(At(t), At(probe.Taxel)) > 0.01f)
                .Max(t => change[t]);
            Assert.IsGreaterThan(farthest, change[probe.Taxel], $"{probe.Tip.Name} on taxel {probe.Taxel}: {change[probe.Taxel]:F0} counts vs {farthest:F0} elsewhere");
            // Round tips stand well above everything a centimetre away. A flat face spreads its load with the contact
            // model's 20 mm flat-face radius (a kernel about a centimetre wide), so it only has to stand above it.
            if (probe.Tip.Shape != ContactShape.Box)
                Assert.IsGreaterThan(5 * farthest, change[probe.Taxel], $"{probe.Tip.Name} on taxel {probe.Taxel}: well above the rest");
            checkedProbes++;
        }
        Assert.IsGreaterThanOrEqualTo(4, checkedProbes);
    }

    [TestMethod]
    public void JoystickLabelIsInRangeAtTenHertz()
    {
        const double seconds = 6;
        var skin = ScenarioFixture.HealthySkin();
        var recording = new JoystickScenario(ScenarioFixture.Short(seconds)).Generate(skin, seed: 3);
        ScenarioFixture.AssertStreams(recording, seconds, "joystick", skin.Id);
        var label = recording.Labels["joystick"];
        Assert.AreEqual(3, label.Width);
        Assert.AreEqual(0.1, ScenarioFixture.MedianPeriod(label), 0.005, "10 Hz");
        Assert.AreEqual(10 * seconds, label.Count, 1.0);
        foreach (float value in label.Values)
            Assert.IsTrue(value is >= -1f and <= 1f, $"joystick state {value}");
        for (int axis = 0; axis < 3; axis++)
        {
            var values = Enumerable.Range(0, label.Count).Select(r => (double)label.Row(r)[axis]).ToArray();
            Assert.IsGreaterThan(0.3, values.Max() - values.Min(), $"axis {axis} moves");
        }

        // The resting fingertips feel the knob; shear follows the tilt.
        var magnetic = recording.Magnetic;
        var change = ScenarioFixture.Change(skin.OffsetCounts, magnetic.Row(magnetic.Count / 2));
        var tips = ScenarioFixture.Hand.Taxels.Where(t => t.Type == Sparsh.Transforms.Hand.TaxelType.CurvedFingertip).Select(t => t.Index).ToHashSet();
        int hottest = Enumerable.Range(0, change.Length).MaxBy(t => change[t]);
        Assert.Contains(hottest, tips, "fingertips touch the knob");
    }

    [TestMethod]
    public void ObjectPoseLabelStaysInItsRangeAndThePalmFeelsTheObject()
    {
        const double seconds = 5;
        var skin = ScenarioFixture.HealthySkin();
        var recording = new ObjectPoseScenario(ScenarioFixture.Short(seconds)).Generate(skin, seed: 5);
        ScenarioFixture.AssertStreams(recording, seconds, "object_pose", skin.Id);
        var pose = recording.Labels["pose"];
        Assert.AreEqual(3, pose.Width);
        CollectionAssert.AreEqual(recording.Magnetic.TimestampsSeconds, pose.TimestampsSeconds);
        for (int r = 0; r < pose.Count; r++)
        {
            var row = pose.Row(r);
            Assert.IsLessThanOrEqualTo(ObjectPoseScenario.MaxTranslationMetres, MathF.Abs(row[0]));
            Assert.IsLessThanOrEqualTo(ObjectPoseScenario.MaxTranslationMetres, MathF.Abs(row[1]));
            Assert.IsLessThanOrEqualTo(ObjectPoseScenario.MaxRotationRadians, MathF.Abs(row[2]));
        }
        Assert.IsGreaterThan(0.005f, Enumerable.Range(0, pose.Count).Max(r => pose.Row(r)[0]) - Enumerable.Range(0, pose.Count).Min(r => pose.Row(r)[0]), "the object slides");

        var palm = ScenarioFixture.Hand.Taxels.Where(t => t.Type == Sparsh.Transforms.Hand.TaxelType.Palm4x6).Select(t => t.Index).ToHashSet();
        var magnetic = recording.Magnetic;
        for (int r = magnetic.Count / 4; r < magnetic.Count; r += magnetic.Count / 4)
        {
            var change = ScenarioFixture.Change(skin.OffsetCounts, magnetic.Row(r));
            int hottest = Enumerable.Range(0, change.Length).MaxBy(t => change[t]);
            Assert.Contains(hottest, palm, $"frame {r}: the palm carries the object");
            Assert.IsGreaterThan(300.0, change[hottest]);
        }
    }

    [TestMethod]
    public void ATurningObjectTwistsThePalmSkinWithItsTurn()
    {
        const double seconds = 8;
        var skin = ScenarioFixture.HealthySkin();
        var box = new ObjectPoseScenario().Objects[0];
        var recording = new ObjectPoseScenario(ScenarioFixture.Short(seconds), objects: [box]).Generate(skin, seed: 6);
        var hand = ScenarioFixture.Hand;
        var positions = new float[3 * hand.TaxelCount];
        var normals = new float[3 * hand.TaxelCount];
        hand.ComputeTaxelPoses(hand.Joints.Select(j => (float)Math.Clamp(0.0, j.LowerLimitRadians, j.UpperLimitRadians)).ToArray(), positions, normals);
        var palm = hand.Taxels.Where(t => t.Type == Sparsh.Transforms.Hand.TaxelType.Palm4x6).Select(t => t.Index).ToArray();
        // The palm is flat: coordinates in its plane (z the palm normal, any x), where each taxel reads shear along its
        // patch's first-to-second taxel direction (x) and z x x (y).
        Vector3 P(int t) => new(positions[3 * t], positions[3 * t + 1], positions[3 * t + 2]);
        Vector3 normal = new(normals[3 * palm[0]], normals[3 * palm[0] + 1], normals[3 * palm[0] + 2]);
        Vector3 planeX = Vector3.Normalize(Vector3.Cross(normal, Math.Abs(normal.X) < 0.9f ? Vector3.UnitX : Vector3.UnitY));
        Vector3 planeY = Vector3.Cross(normal, planeX);
        Vector2 At(int t) => new(Vector3.Dot(P(t), planeX), Vector3.Dot(P(t), planeY));
        var ownX = palm.ToDictionary(t => t, t =>
        {
            var patch = hand.Taxels.Where(k => k.PatchIndex == hand.Taxels[t].PatchIndex).Select(k => k.Index).Order().ToArray();
            return Vector2.Normalize(At(patch[1]) - At(patch[0]));
        });
        var pose = recording.Labels["pose"];
        var magnetic = recording.Magnetic;
        var curl = new List<double>();
        var turnRate = new List<double>();
        for (int r = 5; r < magnetic.Count - 5; r += 5)
        {
            var row = magnetic.Row(r);
            // Curl of the shear about the footprint's centroid (the object's centre, up to the palm's cover).
            Vector2 centroid = Vector2.Zero;
            float total = 0;
            foreach (int t in palm)
            {
                float press = MathF.Abs(row[3 * t + 2] - skin.OffsetCounts[3 * t + 2]);
                centroid += press * At(t);
                total += press;
            }
            centroid /= total;
            double sum = 0;
            foreach (int t in palm)
            {
                Vector2 x = ownX[t], y = new(-x.Y, x.X);
                Vector2 shear = (row[3 * t] - skin.OffsetCounts[3 * t]) * x + (row[3 * t + 1] - skin.OffsetCounts[3 * t + 1]) * y;
                Vector2 offset = At(t) - centroid;
                sum += offset.X * shear.Y - offset.Y * shear.X;
            }
            curl.Add(sum);
            turnRate.Add((pose.Row(r + 5)[2] - pose.Row(r - 5)[2]) / (pose.TimestampsSeconds[r + 5] - pose.TimestampsSeconds[r - 5]));
        }
        Assert.IsGreaterThan(0.5, turnRate.Max(Math.Abs), "the object turns");
        double correlation = Correlation(curl, turnRate);
        TestContext.WriteLine($"correlation of the palm shear's curl with d theta/dt: {correlation:F2}");
        Assert.IsGreaterThan(0.5, correlation, "the skin is twisted the way the object turns");

        static double Correlation(IReadOnlyList<double> a, IReadOnlyList<double> b)
        {
            double ma = a.Average(), mb = b.Average();
            double ab = a.Zip(b, (p, q) => (p - ma) * (q - mb)).Sum();
            return ab / Math.Sqrt(a.Sum(p => (p - ma) * (p - ma)) * b.Sum(q => (q - mb) * (q - mb)));
        }
    }

    [TestMethod]
    public void SameSeedGivesIdenticalRecordings()
    {
        var skin = ScenarioFixture.HealthySkin();
        ScenarioGenerator[] generators =
        [
            new PlayScenario(ScenarioFixture.Short(2)), new ForceProbingScenario(ScenarioFixture.Short(2)),
            new JoystickScenario(ScenarioFixture.Short(2)), new ObjectPoseScenario(ScenarioFixture.Short(2)),
        ];
        foreach (var generator in generators)
        {
            var first = generator.Generate(skin, seed: 9);
            var again = generator.Generate(skin, seed: 9);
            var other = generator.Generate(skin, seed: 10);
            AssertSame(first.Magnetic, again.Magnetic);
            AssertSame(first.Joints!, again.Joints!);
            foreach (var (name, label) in first.Labels)
                AssertSame(label, again.Labels[name]);
            CollectionAssert.AreNotEqual(first.Magnetic.Values, other.Magnetic.Values, $"{generator.Task}: another seed, another recording");
        }
    }

    private static void AssertSame(TimeSeries expected, TimeSeries actual)
    {
        CollectionAssert.AreEqual(expected.TimestampsSeconds, actual.TimestampsSeconds, expected.Name);
        CollectionAssert.AreEqual(expected.Values, actual.Values, expected.Name);
    }
}

using System.Numerics;
using Sparsh.Simulation.Contact;
using Sparsh.Simulation.Nuisances;
using Sparsh.Simulation.Skins;
using Sparsh.Simulation.Transduction;
using Sparsh.Transforms.Xela;

namespace Sparsh.Simulation.Tests;

[TestClass]
public sealed class SkinPhysicsTests
{
    private static readonly SimulationFixture Fixture = new();

    // Taxel (row 1, column 1) of patch 0: an interior taxel.
    private const int Centre = 5;

    [TestMethod]
    public void MoreForceGivesALargerFluxChangeBelowSaturation()
    {
        var forces = new List<double>();
        var changes = new List<double>();
        foreach (float depth in new[] { 0.0002f, 0.0005f, 0.001f, 0.0015f, 0.002f, 0.0025f })
        {
            var simulator = Fixture.Create(SimulationFixture.Quiet);
            // Long enough for creep to settle (5 creep time constants).
            var frame = Fixture.Hold(simulator, SimulationFixture.Press(Fixture.Position(Centre), 0.01f, depth), 1500);
            forces.Add(simulator.ContactForces[0].NormalNewtons);
            changes.Add(frame[3 * Centre + 2] - simulator.Skin.OffsetCounts[3 * Centre + 2]);
        }
        for (int k = 1; k < forces.Count; k++)
        {
            Assert.IsGreaterThan(forces[k - 1], forces[k], $"force must grow with depth (step {k})");
            Assert.IsGreaterThan(changes[k - 1] + 5, changes[k], $"z counts must grow with force (step {k}): {string.Join(", ", changes)}");
        }
        Assert.IsGreaterThan(200.0, changes[^1], "a firm press moves z by hundreds of counts");
    }

    [TestMethod]
    public void SaturationFlattensTheResponse()
    {
        var transducer = new MagneticTransducer();
        float height = transducer.Options.MagnetHeightMetres;
        float rest = transducer.Field(Vector3.Zero, height, Vector3.Zero).Z;
        float Response(float newtons) => transducer.Field(Vector3.Zero, height, transducer.Displacement(new Vector3(0, 0, newtons))).Z - rest;

        float previous = 0f;
        for (float f = 0.25f; f <= 40f; f += 0.25f)
        {
            float r = Response(f);
            Assert.IsGreaterThan(previous, r, $"response stays monotonic at {f} N");
            previous = r;
        }
        float lowSlope = (Response(0.5f) - Response(0f)) / 0.5f;
        float highSlope = (Response(40f) - Response(20f)) / 20f;
        Assert.IsLessThan(0.05f * lowSlope, highSlope, $"slope at 20-40 N ({highSlope}) must be far below slope at 0-0.5 N ({lowSlope})");
        float travel = 1f / transducer.Options.NormalStiffening;
        float bound = MathF.Pow(height / (height - travel), 3) - 1f;
        Assert.IsLessThan(bound, Response(1e6f), "the field change is bounded by the elastomer's largest travel");
    }

    [TestMethod]
    public void PressReleaseCycleShowsHysteresis()
    {
        var simulator = Fixture.Create(SimulationFixture.Quiet);
        const int half = 100;
        var output = new float[3 * Fixture.TaxelCount];
        var force = new double[2 * half + 1];
        var counts = new double[2 * half + 1];
        float offset = simulator.Skin.OffsetCounts[3 * Centre + 2];
        for (int f = 0; f <= 2 * half; f++)
        {
            float depth = 0.0025f * (1f - MathF.Abs(f - half) / (float)half);
            ContactObject[] contacts = depth > 0 ? [SimulationFixture.Press(Fixture.Position(Centre), 0.01f, depth)] : [];
            simulator.Step(Fixture.Positions, Fixture.Normals, contacts, output);
            force[f] = contacts.Length == 0 ? 0 : simulator.ContactForces[0].NormalNewtons;
            counts[f] = output[3 * Centre + 2] - offset;
        }

        // Same depth (so same force) on the way in and out: the slow recovery keeps unloading readings higher.
        int higherOnUnloading = 0;
        for (int f = 1; f < half; f++)
        {
            Assert.AreEqual(force[f], force[2 * half - f], 1e-4 * force[half], "the cycle is symmetric in force");
            if (counts[2 * half - f] > counts[f]) higherOnUnloading++;
        }
        Assert.AreEqual(half - 1, higherOnUnloading, "unloading curve lies above loading curve everywhere");

        double area = 0;
        for (int f = 0; f < 2 * half; f++)
            area += 0.5 * (force[f + 1] - force[f]) * (counts[f + 1] + counts[f]);
        double box = force.Max() * counts.Max();
        Assert.IsGreaterThan(0.03 * box, Math.Abs(area), $"loop area {area:F1} N*counts must be a visible part of {box:F1}");
        Assert.IsGreaterThan(1.0, counts[^1], "creep leaves a residual right after release");
    }

    [TestMethod]
    public void RestingNoiseMatchesTheSetting()
    {
        foreach (float std in new[] { 2f, 5f })
        {
            var options = new SkinSimulatorOptions { Noise = new NoiseOptions { NoiseStdCounts = std, Drift = false } };
            var simulator = Fixture.Create(options);
            var output = new float[3 * Fixture.TaxelCount];
            double sum = 0, sumSquares = 0;
            long n = 0;
            for (int f = 0; f < 400; f++)
            {
                simulator.Step(Fixture.Positions, Fixture.Normals, [], output);
                for (int i = 0; i < output.Length; i++)
                {
                    double d = output[i] - simulator.Skin.OffsetCounts[i];
                    sum += d;
                    sumSquares += d * d;
                    n++;
                }
            }
            double mean = sum / n;
            double measured = Math.Sqrt(sumSquares / n - mean * mean);
            Assert.AreEqual(std, measured, 0.03 * std, $"noise std (set {std})");
            Assert.AreEqual(0, mean, 0.05, "noise is centred on the offsets");
        }
    }

    [TestMethod]
    public void ContactMovesTheNearestTaxelMost()
    {
        var random = new Random(3);
        for (int trial = 0; trial < 20; trial++)
        {
            var simulator = Fixture.Create(skinSeed: 100 + trial);
            // Anywhere inside a patch, within 0.3 pitch of some taxel so that one taxel is clearly nearest.
            int patch = random.Next(SimulationFixture.Patches);
            int target = patch * 16 + random.Next(16);
            var offset = new Vector3((float)(random.NextDouble() - 0.5), (float)(random.NextDouble() - 0.5), 0) * 0.6f * SimulationFixture.Pitch;
            var at = Fixture.Position(target) + offset;
            var frame = Fixture.Hold(simulator, SimulationFixture.Press(at, 0.006f, 0.0015f), 30);

            int argmax = -1;
            float best = float.NegativeInfinity;
            for (int t = 0; t < Fixture.TaxelCount; t++)
            {
                float change = frame[3 * t + 2] - simulator.Skin.OffsetCounts[3 * t + 2];
                if (change > best) (best, argmax) = (change, t);
            }
            Assert.AreEqual(target, argmax, $"trial {trial}: contact at {at}");
            int lit = Enumerable.Range(0, Fixture.TaxelCount).Count(t => frame[3 * t + 2] - simulator.Skin.OffsetCounts[3 * t + 2] > 50);
            Assert.IsGreaterThan(2, lit, $"trial {trial}: one contact lights several taxels coherently");
        }
    }

    [TestMethod]
    public void ShearMovesTheShearAxesInTheDragDirection()
    {
        var press = SimulationFixture.Press(Fixture.Position(Centre), 0.01f, 0.0015f);
        // Compared with the same press without drag: a misplaced magnet also moves x/y under pure pressure.
        var pressed = Fixture.Hold(Fixture.Create(SimulationFixture.Quiet), press, 300);
        var simulator = Fixture.Create(SimulationFixture.Quiet);
        var frame = Fixture.Hold(simulator, press.WithShear(new Vector3(0.0005f, 0, 0)), 300);
        float dx = frame[3 * Centre] - pressed[3 * Centre];
        float dy = frame[3 * Centre + 1] - pressed[3 * Centre + 1];
        Assert.IsGreaterThan(100f, dx, "drag along the patch's x moves x by hundreds of counts");
        Assert.IsLessThan(0.2f * dx, MathF.Abs(dy), "and y much less");
        var total = simulator.ContactForces[0];
        Assert.IsGreaterThan(0f, total.ShearOnSkinNewtons.X);
        Assert.IsLessThanOrEqualTo(press.FrictionCoefficient * total.NormalNewtons * 1.0001f, total.ShearOnSkinNewtons.Length(), "shear respects Coulomb friction");
    }

    [TestMethod]
    public void ATwistShearsOppositeSidesOfTheContactInOppositeDirections()
    {
        // A flat 16 x 16 mm box over the whole first patch (4 x 4 taxels, x along the columns), centred on the patch.
        Vector3 centre = new(1.5f * SimulationFixture.Pitch, 1.5f * SimulationFixture.Pitch, 0.005f - 0.001f);
        var box = ContactObject.Box(centre, Quaternion.Identity, new Vector3(0.008f, 0.008f, 0.005f));
        var pressed = Fixture.Hold(Fixture.Create(SimulationFixture.Quiet), box, 300);
        var simulator = Fixture.Create(SimulationFixture.Quiet);
        // Turned 0.05 rad counter-clockwise seen from the box: 0.35 mm of drag at the outer columns, 7 mm from the centre.
        var frame = Fixture.Hold(simulator, box.WithTwist(0.05f), 300);
        foreach (int row in new[] { 1, 2 })
        {
            int left = 4 * row, right = 4 * row + 3;
            float leftDy = frame[3 * left + 1] - pressed[3 * left + 1], rightDy = frame[3 * right + 1] - pressed[3 * right + 1];
            Assert.IsGreaterThan(100f, rightDy, $"row {row}: the right column is dragged along +y");
            Assert.IsLessThan(-100f, leftDy, $"row {row}: the left column along -y");
            // The drag is perpendicular to the offset (7, -+2.3) mm: x moves about a third as much as y.
            Assert.IsLessThan(0.5f * rightDy, MathF.Abs(frame[3 * right] - pressed[3 * right]), $"row {row}: x moves less");
        }
        var total = simulator.ContactForces[0];
        Assert.IsLessThan(0.05f * total.NormalNewtons, total.ShearOnSkinNewtons.Length(), "a twist about the centre shears the skin without a net force");

        // Per taxel: along normal x offset, Coulomb-capped; nothing at the centre or without a twist.
        var model = new ContactModel();
        Vector3 Shear(ContactObject contact, float dx, float dy) => model.ShearLoad(contact, centre + new Vector3(dx, dy, -0.004f), Vector3.UnitZ, 1f);
        var twisted = box.WithTwist(0.05f);
        Assert.IsGreaterThan(0f, Shear(twisted, 0.005f, 0).Y);
        Assert.IsLessThan(0f, Shear(twisted, 0, 0.005f).X);
        Assert.AreEqual(0f, Shear(twisted, 0, 0).Length());
        Assert.AreEqual(0f, Shear(box, 0.005f, 0).Length());
        Assert.IsLessThanOrEqualTo(box.FrictionCoefficient * 1.0001f, Shear(box.WithTwist(1f), 0.005f, 0).Length(), "Coulomb cap");
    }

    [TestMethod]
    public void DeadTaxelsStayOutsideTheValidRange()
    {
        var skinOptions = new SkinProfileOptions { MeanDeadTaxels = 12, MeanStuckTaxels = 2 };
        var simulator = Fixture.Create(skinSeed: 5, skin: skinOptions);
        var dead = simulator.Skin.DeadTaxels.ToArray();
        Assert.IsGreaterThan(3, dead.Length, "the skin has dead taxels");
        var output = new float[3 * Fixture.TaxelCount];
        // A table pressed onto every patch, dragged sideways: dead taxels must not react.
        var table = ContactObject.Plane(new Vector3(0, 0, -0.001f), -Vector3.UnitZ).WithShear(new Vector3(0.001f, 0, 0));
        for (int f = 0; f < 200; f++)
        {
            simulator.Step(Fixture.Positions, Fixture.Normals, f % 2 == 0 ? [table] : [], output);
            foreach (int t in dead)
                for (int a = 0; a < 3; a++)
                {
                    float v = output[3 * t + a];
                    Assert.IsTrue(v is < XelaSkin.ValidMinCounts or > XelaSkin.ValidMaxCounts, $"dead taxel {t} read {v}");
                }
            for (int t = 0; t < Fixture.TaxelCount; t++)
                if (simulator.Skin.Faults[t] == TaxelFault.None)
                    for (int a = 0; a < 3; a++)
                        Assert.IsTrue(output[3 * t + a] is >= XelaSkin.ValidMinCounts and <= XelaSkin.ValidMaxCounts, $"healthy taxel {t} read {output[3 * t + a]}");
        }
    }

    [TestMethod]
    public void SameSeedSameOutputDifferentSeedDifferentOutput()
    {
        float[] Run(int skinSeed, int seed)
        {
            var simulator = Fixture.Create(new SkinSimulatorOptions(), skinSeed, seed, new SkinProfileOptions());
            var all = new List<float>();
            var output = new float[3 * Fixture.TaxelCount];
            for (int f = 0; f < 50; f++)
            {
                var ball = SimulationFixture.Press(Fixture.Position(Centre) + new Vector3(f * 1e-4f, 0, 0), 0.01f, 0.001f);
                simulator.Step(Fixture.Positions, Fixture.Normals, [ball], output);
                all.AddRange(output);
            }
            return all.ToArray();
        }
        var first = Run(1, 2);
        CollectionAssert.AreEqual(first, Run(1, 2), "same seeds, same frames");
        CollectionAssert.AreNotEqual(first, Run(1, 3), "another noise seed changes the frames");
        CollectionAssert.AreNotEqual(first, Run(4, 2), "another skin changes the frames");
    }
}

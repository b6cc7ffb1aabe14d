using System.Diagnostics;
using System.Numerics;
using Sparsh.Simulation.Contact;
using Sparsh.Simulation.Skins;

namespace Sparsh.Simulation.Tests;

[TestClass]
public sealed class SkinSimulatorAllocationTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void FramesAreAllocationFreeAfterWarmUp()
    {
        var fixture = new SimulationFixture();
        var simulator = fixture.Create(new SkinSimulatorOptions(), skin: new SkinProfileOptions());
        var output = new float[3 * fixture.TaxelCount];
        var contacts = new ContactObject[3];
        void Frame(int f)
        {
            // Three objects moving over the skin: a ball, a cylinder and a flat tip, with drag.
            float phase = f * 0.01f;
            contacts[0] = SimulationFixture.Press(new Vector3(0.02f + 0.01f * MathF.Sin(phase), 0.007f, 0), 0.01f, 0.001f + 0.0008f * MathF.Sin(3 * phase))
                .WithShear(new Vector3(0.0004f * MathF.Cos(phase), 0, 0));
            contacts[1] = ContactObject.Cylinder(new Vector3(0.15f, 0.007f, 0.0075f - 0.001f * (1 + MathF.Sin(phase))), Vector3.UnitY, 0.0075f, 0.03f);
            contacts[2] = ContactObject.Box(new Vector3(0.3f + 0.005f * MathF.Cos(phase), 0.007f, 0.003f - 0.0012f), Quaternion.CreateFromAxisAngle(Vector3.UnitZ, phase), new Vector3(0.003f, 0.003f, 0.003f));
            simulator.Step(fixture.Positions, fixture.Normals, contacts, output);
        }

        // Warm up by wall time too, so the JIT's tiered compilation has promoted the hot loops.
        long warmUp = Stopwatch.GetTimestamp();
        for (int f = 0; f < 2000 || Stopwatch.GetElapsedTime(warmUp).TotalSeconds < 1.5; f++) Frame(f);
        Assert.IsGreaterThan(100, simulator.ContactForces.ToArray().Count(c => c.NormalNewtons > 0) * 100, "the contacts press the skin");

        const int frames = 20_000;
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        long start = Stopwatch.GetTimestamp();
        for (int f = 0; f < frames; f++) Frame(f);
        var elapsed = Stopwatch.GetElapsedTime(start);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        TestContext.WriteLine($"{fixture.TaxelCount} taxels, 3 contacts: {frames / elapsed.TotalSeconds:F0} frames/s on one thread (speed is measured by SimulationBenchmarks)");
        Assert.AreEqual(0L, allocated, "no allocation per frame after warm-up");
    }
}

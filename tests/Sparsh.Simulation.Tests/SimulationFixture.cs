using System.Numerics;
using Sparsh.Simulation.Contact;
using Sparsh.Simulation.Geometry;
using Sparsh.Simulation.Nuisances;
using Sparsh.Simulation.Skins;

namespace Sparsh.Simulation.Tests;

/// <summary>A flat 368-taxel layout (23 patches of 4x4 at the XR1944 pitch) and quiet or noisy simulators on it.</summary>
internal sealed class SimulationFixture
{
    public const float Pitch = 0.004667f;
    public const int Patches = 23;

    public SimulationFixture()
    {
        Geometry = TaxelGeometry.FlatGrid(Patches, 4, 4, Pitch, out var positions, out var normals);
        Positions = positions;
        Normals = normals;
    }

    public TaxelGeometry Geometry { get; }
    public float[] Positions { get; }
    public float[] Normals { get; }
    public int TaxelCount => Geometry.TaxelCount;

    public static readonly SkinProfileOptions HealthySkin = new() { MeanDeadTaxels = 0, MeanStuckTaxels = 0 };

    public static readonly SkinSimulatorOptions Quiet = new() { Noise = new NoiseOptions { NoiseStdCounts = 0f, Drift = false } };

    public SkinSimulator Create(SkinSimulatorOptions? options = null, int skinSeed = 7, int seed = 11, SkinProfileOptions? skin = null) =>
        new(Geometry, SkinProfile.Generate("test-skin", skinSeed, TaxelCount, skin ?? HealthySkin), options, seed);

    public Vector3 Position(int taxel) => new(Positions[3 * taxel], Positions[3 * taxel + 1], Positions[3 * taxel + 2]);

    /// <summary>Runs <paramref name="frames"/> frames with one fixed contact and returns the last frame.</summary>
    public float[] Hold(SkinSimulator simulator, ContactObject? contact, int frames)
    {
        var output = new float[3 * TaxelCount];
        ContactObject[] contacts = contact is { } c ? [c] : [];
        for (int f = 0; f < frames; f++)
            simulator.Step(Positions, Normals, contacts, output);
        return output;
    }

    /// <summary>A sphere of <paramref name="radius"/> pressed <paramref name="depth"/> into the skin at <paramref name="at"/>.</summary>
    public static ContactObject Press(Vector3 at, float radius, float depth) => ContactObject.Sphere(at + new Vector3(0, 0, radius - depth), radius);
}

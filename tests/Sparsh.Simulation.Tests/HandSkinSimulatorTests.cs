using System.Numerics;
using Sparsh.Simulation.Contact;
using Sparsh.Simulation.Skins;
using Sparsh.Transforms.Hand;

namespace Sparsh.Simulation.Tests;

[TestClass]
public sealed class HandSkinSimulatorTests
{
    [TestMethod]
    public void PressOnTheAllegroHandMovesTheNearestTaxelMost()
    {
        var hand = HandModel.AllegroXela;
        var skin = SkinProfile.Generate("hand-skin", 3, hand.TaxelCount, SimulationFixture.HealthySkin);
        var simulator = new HandSkinSimulator(hand, skin, SimulationFixture.Quiet, seed: 1);
        var angles = hand.Joints.Select(j => (float)(0.3 * j.LowerLimitRadians + 0.7 * j.UpperLimitRadians) * 0.5f).ToArray();
        var output = new float[3 * hand.TaxelCount];
        simulator.Step(angles, [], output);

        var random = new Random(5);
        for (int trial = 0; trial < 10; trial++)
        {
            int target = random.Next(hand.TaxelCount);
            var p = Read(simulator.PositionsMetres, target);
            var n = Read(simulator.Normals, target);
            simulator.Skin.Reset();
            var ball = ContactObject.Sphere(p + n * (0.006f - 0.001f), 0.006f);
            for (int f = 0; f < 20; f++)
                simulator.Step(angles, [ball], output);
            int argmax = Enumerable.Range(0, hand.TaxelCount)
                .MaxBy(t => output[3 * t + 2] - skin.OffsetCounts[3 * t + 2]);
            Assert.AreEqual(target, argmax, $"trial {trial}: {hand.Taxels[target].Name}");
            Assert.IsGreaterThan(0.1f, simulator.Skin.ContactForces[0].NormalNewtons);
        }
    }

    private static Vector3 Read(ReadOnlySpan<float> values, int taxel) => new(values[3 * taxel], values[3 * taxel + 1], values[3 * taxel + 2]);
}

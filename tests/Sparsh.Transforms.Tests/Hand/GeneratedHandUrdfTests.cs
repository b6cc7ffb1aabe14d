using Sparsh.Transforms.Hand;

namespace Sparsh.Transforms.Tests.Hand;

/// <summary>
/// The generated URDF that <see cref="UrdfHostileInputTests"/> breaks on purpose must itself be a faithful URDF of the
/// built-in hand; otherwise a refused modification could be refused for a reason the test never meant.
/// </summary>
[TestClass]
public sealed class GeneratedHandUrdfTests
{
    private string? _path;

    [TestCleanup]
    public void DeleteTemporaryFile()
    {
        if (_path is not null)
        {
            File.Delete(_path);
        }
    }

    [TestMethod]
    public void LoadsToTheBuiltInModel()
    {
        var builtIn = HandModel.AllegroXela;
        var loaded = LoadThroughAFile(builtIn);

        Assert.AreEqual(builtIn.PalmLinkName, loaded.PalmLinkName);
        Assert.AreEqual(builtIn.JointCount, loaded.JointCount);
        for (var j = 0; j < builtIn.JointCount; j++)
        {
            var (a, b) = (builtIn.Joints[j], loaded.Joints[j]);
            Assert.AreEqual(a.Name, b.Name);
            Assert.AreEqual(a.ParentLinkName, b.ParentLinkName, a.Name);
            Assert.AreEqual(a.ChildLinkName, b.ChildLinkName, a.Name);
            Assert.AreEqual(a.Axis, b.Axis, a.Name);
            Assert.AreEqual(a.LowerLimitRadians, b.LowerLimitRadians, a.Name);
            Assert.AreEqual(a.UpperLimitRadians, b.UpperLimitRadians, a.Name);
            Assert.IsLessThan(1e-12, a.Origin.MaxAbsDifference(b.Origin), a.Name);
        }

        Assert.AreEqual(builtIn.Patches.Count, loaded.Patches.Count);
        for (var p = 0; p < builtIn.Patches.Count; p++)
        {
            var (a, b) = (builtIn.Patches[p], loaded.Patches[p]);
            Assert.AreEqual(a.Name, b.Name);
            Assert.AreEqual(a.Type, b.Type, a.Name);
            Assert.AreEqual(a.LinkName, b.LinkName, a.Name);
            Assert.AreEqual(a.ParentLinkName, b.ParentLinkName, a.Name);
            Assert.IsLessThan(1e-12, a.MountTransform.MaxAbsDifference(b.MountTransform), a.Name);
        }

        CollectionAssert.AreEqual(builtIn.Taxels.ToArray(), loaded.Taxels.ToArray());
    }

    [TestMethod]
    public void GivesTheBuiltInTaxelPoses()
    {
        var builtIn = HandModel.AllegroXela;
        var loaded = LoadThroughAFile(builtIn);
        foreach (var (name, angles) in JointConfigurations.All(builtIn))
        {
            var (positionsA, normalsA) = Poses(builtIn, angles);
            var (positionsB, normalsB) = Poses(loaded, angles);
            for (var i = 0; i < positionsA.Length; i++)
            {
                Assert.AreEqual(positionsA[i], positionsB[i], 1e-6, $"{name}: position value {i}");
                Assert.AreEqual(normalsA[i], normalsB[i], 1e-6, $"{name}: normal value {i}");
            }
        }
    }

    [TestMethod]
    public void RollPitchYawSurvivesGimbalLock()
    {
        // The Allegro hand has no mount at pitch ±90°, where roll and yaw are not separable; a hand's own might.
        var hand = HandModel.AllegroXela;
        var document = GeneratedHandUrdf.From(hand);
        var mount = document.Root!.Elements("joint").Single(j => (string?)j.Attribute("name") == "0aftc_fixed");
        mount.Element("origin")!.SetAttributeValue("rpy", "0.4 1.5707963267948966 -0.3");
        var tilted = UrdfHandLoader.Load(document, "tilted mount");

        var regenerated = UrdfHandLoader.Load(GeneratedHandUrdf.From(tilted), "regenerated");
        Assert.IsLessThan(1e-12, tilted.GetPatch("0aftc").MountTransform.MaxAbsDifference(regenerated.GetPatch("0aftc").MountTransform));
    }

    private HandModel LoadThroughAFile(HandModel hand)
    {
        // Through a file, as the hostile-input tests load it, so the XML text itself is checked and not only the tree.
        _path = Path.Combine(Path.GetTempPath(), $"sparsh-generated-{Guid.NewGuid():N}.urdf");
        GeneratedHandUrdf.From(hand).Save(_path);
        return HandModel.FromUrdf(_path);
    }

    private static (float[] Positions, float[] Normals) Poses(HandModel hand, float[] angles)
    {
        var positions = new float[hand.TaxelCount * 3];
        var normals = new float[hand.TaxelCount * 3];
        hand.ComputeTaxelPoses(angles, positions, normals);
        return (positions, normals);
    }
}

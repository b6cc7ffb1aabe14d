using System.Xml.Linq;
using Sparsh.Transforms.Hand;

namespace Sparsh.Transforms.Tests.Hand;

[TestClass]
public sealed class UrdfHandLoaderTests
{
    private readonly List<string> _temporaryFiles = [];

    [TestCleanup]
    public void DeleteTemporaryFiles()
    {
        foreach (var path in _temporaryFiles)
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void BuiltInModelEqualsTheUrdfModel()
    {
        var builtIn = HandModel.AllegroXela;
        var urdf = HandModel.FromUrdf(XelaReferenceFiles.PathOf(XelaReferenceFiles.HandUrdf));

        CollectionAssert.AreEqual(builtIn.Taxels.ToArray(), urdf.Taxels.ToArray());
        for (var j = 0; j < 16; j++)
        {
            var (a, b) = (builtIn.Joints[j], urdf.Joints[j]);
            Assert.AreEqual(a.Name, b.Name);
            Assert.AreEqual(a.ParentLinkName, b.ParentLinkName, a.Name);
            Assert.AreEqual(a.ChildLinkName, b.ChildLinkName, a.Name);
            Assert.AreEqual(a.Axis, b.Axis, a.Name);
            Assert.AreEqual(a.LowerLimitRadians, b.LowerLimitRadians, 1e-12, a.Name);
            Assert.AreEqual(a.UpperLimitRadians, b.UpperLimitRadians, 1e-12, a.Name);
            Assert.IsLessThan(1e-12, a.Origin.MaxAbsDifference(b.Origin), a.Name);
        }

        for (var p = 0; p < 18; p++)
        {
            var (a, b) = (builtIn.Patches[p], urdf.Patches[p]);
            Assert.AreEqual(a.Name, b.Name);
            Assert.AreEqual(a.LinkName, b.LinkName);
            Assert.AreEqual(a.ParentLinkName, b.ParentLinkName, a.Name);
            Assert.IsLessThan(1e-12, a.MountTransform.MaxAbsDifference(b.MountTransform), a.Name);
        }
    }

    [TestMethod]
    public void BuiltInAndUrdfModelsGiveTheSameTaxelPoses()
    {
        var builtIn = HandModel.AllegroXela;
        var urdf = HandModel.FromUrdf(XelaReferenceFiles.PathOf(XelaReferenceFiles.HandUrdf));
        foreach (var (name, angles) in JointConfigurations.All(builtIn))
        {
            var (positionsA, normalsA) = Poses(builtIn, angles);
            var (positionsB, normalsB) = Poses(urdf, angles);
            for (var i = 0; i < positionsA.Length; i++)
            {
                Assert.AreEqual(positionsA[i], positionsB[i], 1e-6, $"{name}: position value {i}");
                Assert.AreEqual(normalsA[i], normalsB[i], 1e-6, $"{name}: normal value {i}");
            }
        }
    }

    [TestMethod]
    public void MissingPatchLinkThrowsNamingTheFileAndTheLink()
    {
        var path = WriteModifiedUrdf(robot => robot.Elements("link").Single(l => (string?)l.Attribute("name") == "link_1A_4x4_palm_link").Remove());
        var error = Assert.ThrowsExactly<InvalidDataException>(() => HandModel.FromUrdf(path));
        StringAssert.Contains(error.Message, path);
        StringAssert.Contains(error.Message, "'link_1A_4x4_palm_link'");
    }

    [TestMethod]
    public void MissingJointThrowsNamingTheFileAndTheJoint()
    {
        var path = WriteModifiedUrdf(robot => robot.Elements("joint").Single(j => (string?)j.Attribute("name") == "joint_13").Remove());
        var error = Assert.ThrowsExactly<InvalidDataException>(() => HandModel.FromUrdf(path));
        StringAssert.Contains(error.Message, path);
        StringAssert.Contains(error.Message, "'joint_13'");
    }

    [TestMethod]
    public void MovingJointOnAPatchMountThrows()
    {
        var path = WriteModifiedUrdf(robot =>
            robot.Elements("joint").Single(j => (string?)j.Attribute("name") == "0aftc_fixed").SetAttributeValue("type", "revolute"));
        var error = Assert.ThrowsExactly<InvalidDataException>(() => HandModel.FromUrdf(path));
        StringAssert.Contains(error.Message, "'0aftc_fixed'");
    }

    [TestMethod]
    public void FixedLinksBetweenJointsAreFoldedIntoTheMount()
    {
        // Insert an intermediate fixed link between link_3 and the index fingertip: same geometry, longer chain.
        var path = WriteModifiedUrdf(robot =>
        {
            var mount = robot.Elements("joint").Single(j => (string?)j.Attribute("name") == "0aftc_fixed");
            mount.Element("parent")!.SetAttributeValue("link", "tip_adapter");
            mount.Element("origin")!.SetAttributeValue("xyz", "-0.013 0.0 0.006");
            robot.Add(
                new XElement("link", new XAttribute("name", "tip_adapter")),
                new XElement("joint", new XAttribute("name", "tip_adapter_fixed"), new XAttribute("type", "fixed"),
                    new XElement("origin", new XAttribute("xyz", "0 0 0.01"), new XAttribute("rpy", "0 0 0")),
                    new XElement("parent", new XAttribute("link", "link_3")),
                    new XElement("child", new XAttribute("link", "tip_adapter"))));
        });
        var hand = HandModel.FromUrdf(path);
        var patch = hand.GetPatch("0aftc");
        Assert.AreEqual("link_3", patch.ParentLinkName);
        Assert.IsLessThan(1e-12, patch.MountTransform.MaxAbsDifference(HandModel.AllegroXela.GetPatch("0aftc").MountTransform));
    }

    [TestMethod]
    public void TiltedAndNegativeJointAxesMatchTheReference()
    {
        // The Allegro hand only has coordinate axes; a hand's own URDF may not, and the fast paths must not differ.
        var path = WriteModifiedUrdf(robot =>
        {
            robot.Elements("joint").Single(j => (string?)j.Attribute("name") == "joint_1").Element("axis")!.SetAttributeValue("xyz", "0.3 0.8 -0.2");
            robot.Elements("joint").Single(j => (string?)j.Attribute("name") == "joint_6").Element("axis")!.SetAttributeValue("xyz", "0 -1 0");
        });
        var hand = HandModel.FromUrdf(path);
        var reference = new ReferenceKinematics(path);
        var angles = JointConfigurations.Random(hand, 5);
        var (positions, _) = Poses(hand, angles);
        foreach (var patchName in new[] { "0aftc", "link_1B_4x4", "1aftc", "link_6_4x4" })
        {
            var patch = hand.GetPatch(patchName);
            var pose = reference.LinkPose(patch.LinkName, [.. angles.Select(a => (double)a)]);
            foreach (var taxel in hand.Taxels.Where(t => t.PatchIndex == patch.Index))
            {
                var local = taxel.LocalPositionMetres;
                var expected = ReferenceKinematics.Apply(pose, [local.X, local.Y, local.Z]);
                for (var axis = 0; axis < 3; axis++)
                {
                    Assert.AreEqual(expected[axis], positions[3 * taxel.Index + axis], 1e-6, $"{taxel.Name} axis {axis}");
                }
            }
        }
    }

    [TestMethod]
    public void FileThatIsNotXmlThrowsNamingTheFile()
    {
        var path = TemporaryFile(".urdf");
        File.WriteAllText(path, "solid mesh\nfacet normal 0 0 1\n");
        var error = Assert.ThrowsExactly<InvalidDataException>(() => HandModel.FromUrdf(path));
        StringAssert.Contains(error.Message, path);
        StringAssert.Contains(error.Message, "not a URDF");
    }

    [TestMethod]
    public void XmlThatIsNotUrdfThrowsNamingTheFile()
    {
        var path = TemporaryFile(".xml");
        File.WriteAllText(path, "<html><body/></html>");
        var error = Assert.ThrowsExactly<InvalidDataException>(() => HandModel.FromUrdf(path));
        StringAssert.Contains(error.Message, path);
        StringAssert.Contains(error.Message, "<html>");
    }

    private string WriteModifiedUrdf(Action<XElement> modify)
    {
        var document = XDocument.Load(XelaReferenceFiles.PathOf(XelaReferenceFiles.HandUrdf));
        modify(document.Root!);
        var path = TemporaryFile(".urdf");
        document.Save(path);
        return path;
    }

    private string TemporaryFile(string extension)
    {
        var path = Path.Combine(Path.GetTempPath(), $"sparsh-hand-{Guid.NewGuid():N}{extension}");
        _temporaryFiles.Add(path);
        return path;
    }

    private static (float[] Positions, float[] Normals) Poses(HandModel hand, float[] angles)
    {
        var positions = new float[hand.TaxelCount * 3];
        var normals = new float[hand.TaxelCount * 3];
        hand.ComputeTaxelPoses(angles, positions, normals);
        return (positions, normals);
    }
}

using Sparsh.Transforms.Hand;
using Sparsh.Transforms.Xela;

namespace Sparsh.Transforms.Tests.Hand;

[TestClass]
public sealed class HandModelLayoutTests
{
    private static readonly HandModel Hand = HandModel.AllegroXela;

    [TestMethod]
    public void PatchesFollowTheOfficialFlattenOrder()
    {
        string[] expected =
        [
            "3aftc", "link_15_4x4", "link_14_4x4",
            "0aftc", "link_2_4x4", "link_1A_4x4", "link_1B_4x4",
            "1aftc", "link_6_4x4", "link_5A_4x4", "link_5B_4x4",
            "2aftc", "link_10_4x4", "link_9A_4x4", "link_9B_4x4",
            "ahr_palm_2_4x6", "ahr_palm_1_4x6", "ahr_palm_3_4x6",
        ];
        CollectionAssert.AreEqual(expected, Hand.Patches.Select(p => p.Name).ToArray());
        CollectionAssert.AreEqual(expected, AllegroXelaDefaults.PatchNames.ToArray());
        CollectionAssert.AreEqual(
            new[] { 30, 16, 16, 30, 16, 16, 16, 30, 16, 16, 16, 30, 16, 16, 16, 24, 24, 24 },
            Hand.Patches.Select(p => p.TaxelCount).ToArray());
        CollectionAssert.AreEqual(Enumerable.Range(0, 18).ToArray(), Hand.Patches.Select(p => p.Index).ToArray());
        Assert.AreEqual("3aftc_palm_link", Hand.Patches[0].LinkName);
        Assert.AreEqual("link_15", Hand.Patches[0].ParentLinkName);
        Assert.AreEqual("palm_link", Hand.Patches[17].ParentLinkName);
    }

    [TestMethod]
    public void TaxelsAreNumberedPatchByPatchInXelaOrder()
    {
        Assert.AreEqual(368, Hand.TaxelCount);
        Assert.AreEqual(XelaSkin.TaxelCount, Hand.Taxels.Count);
        Assert.AreEqual(18, Hand.Patches.Count);
        CollectionAssert.AreEqual(Enumerable.Range(0, 368).ToArray(), Hand.Taxels.Select(t => t.Index).ToArray());

        Assert.AreEqual("3aftc_1", Hand.Taxels[0].Name);
        Assert.AreEqual("3aftc_30", Hand.Taxels[29].Name);
        Assert.AreEqual("link_15_4x4_1", Hand.Taxels[30].Name);
        Assert.AreEqual("link_14_4x4_16", Hand.Taxels[61].Name);
        Assert.AreEqual("0aftc_1", Hand.Taxels[62].Name);
        Assert.AreEqual("ahr_palm_2_4x6_1", Hand.Taxels[296].Name);
        Assert.AreEqual("ahr_palm_3_4x6_24", Hand.Taxels[367].Name);

        Assert.AreEqual(TaxelType.CurvedFingertip, Hand.Taxels[0].Type);
        Assert.AreEqual(TaxelType.Patch4x4, Hand.Taxels[30].Type);
        Assert.AreEqual(TaxelType.Palm4x6, Hand.Taxels[367].Type);
        Assert.AreEqual(4 * 30, Hand.Taxels.Count(t => t.Type == TaxelType.CurvedFingertip));
        Assert.AreEqual(11 * 16, Hand.Taxels.Count(t => t.Type == TaxelType.Patch4x4));
        Assert.AreEqual(3 * 24, Hand.Taxels.Count(t => t.Type == TaxelType.Palm4x6));

        foreach (var patch in Hand.Patches)
        {
            var taxels = Hand.Taxels.Skip(patch.FirstTaxelIndex).Take(patch.TaxelCount).ToArray();
            Assert.IsTrue(taxels.All(t => t.PatchName == patch.Name && t.PatchIndex == patch.Index && t.Type == patch.Type), patch.Name);
            CollectionAssert.AreEqual(Enumerable.Range(1, patch.TaxelCount).ToArray(), taxels.Select(t => t.NumberInPatch).ToArray(), patch.Name);
        }

        Assert.AreEqual(367, Hand.IndexOfTaxel("ahr_palm_3_4x6_24"));
        Assert.AreEqual(-1, Hand.IndexOfTaxel("ahr_palm_3_4x6_25"));
    }

    [TestMethod]
    public void JointsAreJoint0ToJoint15WithTheirLinksAndLimits()
    {
        Assert.AreEqual(16, Hand.JointCount);
        CollectionAssert.AreEqual(Enumerable.Range(0, 16).Select(i => $"joint_{i}").ToArray(), Hand.Joints.Select(j => j.Name).ToArray());
        Assert.AreEqual("palm_link", Hand.Joints[12].ParentLinkName);
        Assert.AreEqual("link_12", Hand.Joints[12].ChildLinkName);
        Assert.AreEqual(-1f, Hand.Joints[12].Axis.X);
        Assert.AreEqual(0.263, Hand.Joints[12].LowerLimitRadians, 1e-12);
        Assert.AreEqual(1.396, Hand.Joints[12].UpperLimitRadians, 1e-12);
        Assert.AreEqual(-0.47, Hand.Joints[0].LowerLimitRadians, 1e-12);
        Assert.AreEqual("link_14", Hand.Joints[15].ParentLinkName);
    }

    [TestMethod]
    public void SlotNamesNameEveryValueOfATaxelMajorVector()
    {
        var names = Hand.TaxelSlotNames();
        Assert.HasCount(368 * 3, names);
        Assert.AreEqual("3aftc_1.x", names[0]);
        Assert.AreEqual("3aftc_1.z", names[2]);
        Assert.AreEqual("3aftc_2.x", names[3]);
        Assert.AreEqual("ahr_palm_3_4x6_24.z", names[^1]);

        var normals = Hand.TaxelSlotNames(["nx", "ny", "nz"]);
        Assert.AreEqual("link_15_4x4_1.ny", normals[30 * 3 + 1]);
    }
}

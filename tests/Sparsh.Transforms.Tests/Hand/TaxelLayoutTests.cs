using Sparsh.Transforms.Hand;

namespace Sparsh.Transforms.Tests.Hand;

/// <summary>The built-in taxel layouts against the numbers in XELA's xacro macros.</summary>
[TestClass]
public sealed class TaxelLayoutTests
{
    [TestMethod]
    [DataRow("sensoraftc", "0aftc", 30)]
    [DataRow("sensor4x4", "link_1A_4x4", 16)]
    [DataRow("sensor4x6", "ahr_palm_1_4x6", 24)]
    public void LocalPositionsAndNormalsMatchTheXacroMacro(string macro, string patchName, int count)
    {
        var xacro = ReferenceKinematics.XacroTaxels(XelaReferenceFiles.PathOf(XelaReferenceFiles.SensorXacro), macro);
        Assert.HasCount(count, xacro);

        var patch = HandModel.AllegroXela.GetPatch(patchName);
        for (var n = 0; n < count; n++)
        {
            var taxel = HandModel.AllegroXela.Taxels[patch.FirstTaxelIndex + n];
            var (xyz, rpy) = xacro[n];
            Assert.AreEqual(xyz[0], taxel.LocalPositionMetres.X, 1e-7, taxel.Name);
            Assert.AreEqual(xyz[1], taxel.LocalPositionMetres.Y, 1e-7, taxel.Name);
            Assert.AreEqual(xyz[2], taxel.LocalPositionMetres.Z, 1e-7, taxel.Name);

            var normal = ReferenceKinematics.Apply(
                ReferenceKinematics.RpyRotation([.. rpy.Select(double.DegreesToRadians)]), [0, 0, 1], w: 0);
            Assert.AreEqual(normal[0], taxel.LocalNormal.X, 1e-6, taxel.Name);
            Assert.AreEqual(normal[1], taxel.LocalNormal.Y, 1e-6, taxel.Name);
            Assert.AreEqual(normal[2], taxel.LocalNormal.Z, 1e-6, taxel.Name);
        }
    }

    [TestMethod]
    public void GridTaxelsAreSpacedByTheSensorPitch()
    {
        var hand = HandModel.AllegroXela;
        var patch4x4 = hand.Taxels.Where(t => t.PatchName == "link_2_4x4").ToArray();
        // Taxel 1 starts the row farthest from the origin in y; taxel 2 is its x neighbour, taxel 5 the next row.
        Assert.AreEqual(0.0046666, patch4x4[1].LocalPositionMetres.X - patch4x4[0].LocalPositionMetres.X, 1e-7);
        Assert.AreEqual(-0.00466666, patch4x4[4].LocalPositionMetres.Y - patch4x4[0].LocalPositionMetres.Y, 1e-7);
        Assert.AreEqual(0.004f, patch4x4[0].LocalPositionMetres.Z);

        var palm = hand.Taxels.Where(t => t.PatchName == "ahr_palm_2_4x6").ToArray();
        Assert.AreEqual(0.00724, palm[1].LocalPositionMetres.X - palm[0].LocalPositionMetres.X, 1e-7);
        Assert.AreEqual(-0.00717, palm[6].LocalPositionMetres.Y - palm[0].LocalPositionMetres.Y, 1e-7);
    }

    [TestMethod]
    public void FingertipMountsAreTheXacroMacroOffsetAppliedOnce()
    {
        // xela.xacro's sensoraftc writes its base joint at x - 0.013 and the finger macros call it with x = 0 and
        // z = 0.016 (thumb: 0.0315); the URDF's *aftc_fixed joints hold the result, so no second shift applies.
        var xacro = File.ReadAllText(XelaReferenceFiles.PathOf(XelaReferenceFiles.SensorXacro));
        StringAssert.Contains(xacro, "<origin xyz=\"${x-0.013} ${y} ${z}\"");

        var hand = HandModel.AllegroXela;
        foreach (var (patch, z) in new[] { ("0aftc", 0.016), ("1aftc", 0.016), ("2aftc", 0.016), ("3aftc", 0.0315) })
        {
            var mount = hand.GetPatch(patch).MountTransform;
            Assert.AreEqual(0.0 - 0.013, mount.Tx, 1e-12, patch);
            Assert.AreEqual(0.0, mount.Ty, 1e-12, patch);
            Assert.AreEqual(z, mount.Tz, 1e-12, patch);
        }

        var urdf = HandModel.FromUrdf(XelaReferenceFiles.PathOf(XelaReferenceFiles.HandUrdf));
        Assert.IsLessThan(1e-12, urdf.GetPatch("0aftc").MountTransform.MaxAbsDifference(hand.GetPatch("0aftc").MountTransform));
    }
}

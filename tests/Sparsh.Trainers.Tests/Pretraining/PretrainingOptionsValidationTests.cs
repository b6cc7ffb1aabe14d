using Sparsh.Trainers.Masking;
using Sparsh.Trainers.Pretraining;

namespace Sparsh.Trainers.Tests.Pretraining;

/// <summary>Configurations that cannot pretrain are refused when validated, naming the option, not later as a NaN loss.</summary>
[TestClass]
public sealed class PretrainingOptionsValidationTests
{
    [TestMethod]
    public void SelfDistillationWithOneViewIsRefusedNamingBothCounts()
    {
        var options = SparshPretrainingOptions.Cpu();
        options.Objective = SparshPretrainingObjective.SelfDistillation;
        options.Masking = options.Masking with { GlobalViews = 1, LocalViews = 0 };
        var error = Assert.ThrowsExactly<ArgumentException>(options.Validate);
        StringAssert.Contains(error.Message, "GlobalViews = 1");
        StringAssert.Contains(error.Message, "LocalViews = 0");
        Assert.AreEqual(nameof(SparshPretrainingOptions.Masking), error.ParamName);
    }

    [TestMethod]
    public void OneGlobalAndOneLocalViewOrAnotherObjectiveIsAccepted()
    {
        var options = SparshPretrainingOptions.Cpu();
        options.Masking = options.Masking with { GlobalViews = 1, LocalViews = 1 };
        options.Validate();

        var masked = SparshPretrainingOptions.CpuMaskedAutoencoder();
        masked.Masking = masked.Masking with { GlobalViews = 1, LocalViews = 0 };
        masked.Validate();
    }

    [TestMethod]
    [DataRow(0.001)] // rounds to keeping all 368 taxels: nothing to reconstruct
    [DataRow(0.999)] // rounds to keeping none
    [DataRow(1.5)]
    [DataRow(double.NaN)]
    public void MaskRatioThatHidesNoTaxelOrKeepsNoneIsRefused(double ratio)
    {
        var options = SparshPretrainingOptions.CpuMaskedAutoencoder();
        options.MaeMaskRatio = ratio;
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(options.Validate);
        Assert.AreEqual(nameof(SparshPretrainingOptions.MaeMaskRatio), error.ParamName);
        StringAssert.Contains(error.Message, "hide at least one of the 368 taxels and keep at least one");

        options.MaeMaskRatio = 0.01; // hides 4 taxels
        options.Validate();
    }
}

using Sparsh.Trainers.Objectives;
using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Tests.Objectives;

[TestClass]
public sealed class SoftTargetCrossEntropyTests
{
    private const double Temperature = 0.1;

    /// <summary>2 global + 3 local views of 4 samples, 7 masked tokens, 64 prototypes; targets are softmaxes.</summary>
    private static (Tensor Logits, Tensor Targets, int[] SampleOfToken) Step(int seed)
    {
        torch.random.manual_seed(seed);
        int[] sampleOfToken = [0, 0, 1, 3, 5, 5, 5];
        var logits = torch.randn(5 * 4 + sampleOfToken.Length, 64);
        var targets = nn.functional.softmax(torch.randn(2 * 4 + sampleOfToken.Length, 64) * 3, -1);
        return (logits, targets, sampleOfToken);
    }

    [TestMethod]
    public void FusedLossesEqualTheOperatorFormInValueAndGradient()
    {
        using var scope = NewDisposeScope();
        var (logits, targets, sampleOfToken) = Step(3);
        int g = 2, views = 5, b = 4, m = sampleOfToken.Length;

        var reference = logits.clone().requires_grad_(true);
        var dino = DinoLoss.Compute(reference.narrow(0, 0, views * b).view(views, b, -1), targets.narrow(0, 0, g * b).view(g, b, -1), Temperature);
        var ibot = IbotPatchLoss.Compute(reference.narrow(0, views * b, m), targets.narrow(0, g * b, m), torch.tensor(sampleOfToken.Select(s => (long)s).ToArray()), Temperature);
        (dino + 0.7 * ibot).backward();

        var fusedLogits = logits.clone().requires_grad_(true);
        var pairs = SoftTargetPairs.Combine(DinoLoss.Pairs(g, views, b), IbotPatchLoss.Pairs(sampleOfToken, views * b, g * b));
        var terms = SoftTargetCrossEntropy.Compute(fusedLogits, targets, pairs, Temperature);
        (terms[0] + 0.7 * terms[1]).backward();

        Assert.AreEqual(dino.item<float>(), terms[0].item<float>(), 1e-5 * Math.Abs(dino.item<float>()));
        Assert.AreEqual(ibot.item<float>(), terms[1].item<float>(), 1e-5 * Math.Abs(ibot.item<float>()));
        double gradScale = reference.grad!.abs().max().item<float>();
        Assert.IsTrue(gradScale > 1e-3, "the reference gradient is not trivially zero");
        Assert.AreEqual(0, (fusedLogits.grad! - reference.grad!).abs().max().item<float>(), 1e-5 * gradScale);
    }

    [TestMethod]
    public void RowsWithoutPairsGetZeroGradientAndTargetsGetNone()
    {
        using var scope = NewDisposeScope();
        var (logits, targets, _) = Step(4);
        var student = logits.clone().requires_grad_(true);
        var pairs = new SoftTargetPairs([2], [5], [1.0]);
        SoftTargetCrossEntropy.Compute(student, targets, pairs, Temperature).sum().backward();
        var rowGradient = student.grad!.abs().sum(1);
        Assert.IsTrue(rowGradient[2].item<float>() > 0);
        Assert.AreEqual(rowGradient[2].item<float>(), rowGradient.sum().item<float>(), 1e-6);
        // One pair: the term is -sum p log softmax(z / T) of those two rows.
        double expected = -(targets[5] * nn.functional.log_softmax(logits[2] / Temperature, 0)).sum().item<float>();
        Assert.AreEqual(expected, SoftTargetCrossEntropy.Compute(logits, targets, pairs, Temperature).item<float>(), 1e-5 * expected);
    }

    [TestMethod]
    public void PairsOutsideTheTensorsAreRefusedByName()
    {
        using var scope = NewDisposeScope();
        var (logits, targets, _) = Step(5);
        var logitRow = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => SoftTargetCrossEntropy.Compute(logits, targets, new SoftTargetPairs([99], [0], [1.0]), Temperature));
        StringAssert.Contains(logitRow.Message, "logit row 99");
        var targetRow = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => SoftTargetCrossEntropy.Compute(logits, targets, new SoftTargetPairs([0], [99], [1.0]), Temperature));
        StringAssert.Contains(targetRow.Message, "target row 99");
        var transposed = Assert.ThrowsExactly<ArgumentException>(() => SoftTargetCrossEntropy.Compute(torch.cat([logits, logits], 1).narrow(1, 0, 64), targets, new SoftTargetPairs([0], [0], [1.0]), Temperature));
        StringAssert.Contains(transposed.Message, "logits: expected a contiguous");
    }

    [TestMethod]
    public void FusedCenteringEqualsTheOperatorForm()
    {
        using var scope = NewDisposeScope();
        torch.random.manual_seed(6);
        using var centering = new TeacherCentering("c", 64, momentum: 0.9, TeacherCenteringMethod.Centering);
        var logits = torch.randn(9, 64);
        centering.Update(torch.randn(9, 64) + 0.5);
        var expected = nn.functional.softmax((logits - centering.Center) / 0.04, -1);
        var fused = centering.Targets(logits, 0.04);
        Assert.AreEqual(0, (fused - expected).abs().max().item<float>(), 1e-6);
        // The operator form (a non-contiguous input) gives the same.
        var strided = torch.cat([logits, logits], 1).narrow(1, 0, 64);
        Assert.AreEqual(0, (centering.Targets(strided, 0.04) - expected).abs().max().item<float>(), 1e-6);
    }
}

using Sparsh.Trainers.Objectives;
using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Tests.Objectives;

[TestClass]
public sealed class ObjectiveTests
{
    private static Tensor T(float[] values, params long[] shape) => torch.tensor(values, shape);

    [TestMethod]
    public void DinoLossAveragesCrossEntropyOverPairsOfDifferentViews()
    {
        using var scope = NewDisposeScope();
        // Student views: 2 global then 1 local, one sample, two prototypes; logits divided by temperature 0.5.
        var student = T([0, 0, 0.5f, 0, 0, 0.5f], 3, 1, 2);
        var teacher = T([1, 0, 0.5f, 0.5f], 2, 1, 2);
        double loss = DinoLoss.Compute(student, teacher, studentTemperature: 0.5).item<float>();

        // log-softmax of [0, 0], [1, 0], [0, 1]:
        double l2 = Math.Log(2), le = Math.Log(1 + Math.E);
        double[][] logQ = [[-l2, -l2], [1 - le, -le], [-le, 1 - le]];
        double[][] p = [[1, 0], [0.5, 0.5]];
        double Ce(int t, int s) => -(p[t][0] * logQ[s][0] + p[t][1] * logQ[s][1]);
        // Pairs (teacher, student) with different views: (0,1), (0,2), (1,0), (1,2).
        double expected = (Ce(0, 1) + Ce(0, 2) + Ce(1, 0) + Ce(1, 2)) / 4;
        Assert.AreEqual(expected, loss, 1e-6);
        Assert.AreEqual(0.783232, loss, 1e-5);
    }

    [TestMethod]
    public void DinoLossAveragesOverSamples()
    {
        using var scope = NewDisposeScope();
        var student = T([2, 0, 0, 2, 1, 1, 0, 0], 2, 2, 2);
        var teacher = T([0.9f, 0.1f, 0.2f, 0.8f], 1, 2, 2);
        double loss = DinoLoss.Compute(student, teacher, 1).item<float>();
        // Only pair (teacher 0, student 1); samples: logits [1,1] and [0,0] -> log q = -ln 2 for both.
        Assert.AreEqual(Math.Log(2), loss, 1e-6);
    }

    [TestMethod]
    public void IbotLossWeightsEverySampleEqually()
    {
        using var scope = NewDisposeScope();
        var student = T([0, 0, 1, 0, 0, 1], 3, 2);
        var teacher = T([1, 0, 1, 0, 0.25f, 0.75f], 3, 2);
        var rows = torch.tensor(new long[] { 0, 0, 1 });
        double loss = IbotPatchLoss.Compute(student, teacher, rows, studentTemperature: 1).item<float>();
        double l2 = Math.Log(2), le = Math.Log(1 + Math.E);
        double token0 = l2, token1 = -(1 - le), token2 = -(0.25 * -le + 0.75 * (1 - le));
        Assert.AreEqual(((token0 + token1) / 2 + token2) / 2, loss, 1e-6);
    }

    [TestMethod]
    public void IbotLossIsZeroWithoutMaskedTokens()
    {
        using var scope = NewDisposeScope();
        var empty = torch.zeros(0, 4);
        Assert.AreEqual(0f, IbotPatchLoss.Compute(empty, empty, torch.zeros(0, dtype: ScalarType.Int64), 0.1).item<float>());
    }

    [TestMethod]
    public void KoLeoIsMinusMeanLogNearestNeighbourDistanceOnTheSphere()
    {
        using var scope = NewDisposeScope();
        double c30 = Math.Cos(Math.PI / 6), s30 = Math.Sin(Math.PI / 6);
        // (3, 0) is normalised to (1, 0) first.
        var x = T([3, 0, 0, 1, -1, 0, (float)c30, (float)s30], 4, 2);
        double loss = KoLeoLoss.Compute(x).item<float>();
        double ad = 2 * Math.Sin(Math.PI / 12); // chord of 30 degrees
        double[] nearest = [ad, 1 /* b to d: chord of 60 degrees */, Math.Sqrt(2), ad];
        Assert.AreEqual(-nearest.Average(Math.Log), loss, 1e-5);
    }

    [TestMethod]
    public void CenteringSubtractsARunningMeanBeforeSharpening()
    {
        using var scope = NewDisposeScope();
        using var centering = new TeacherCentering("c", 2, momentum: 0.9, TeacherCenteringMethod.Centering);
        var logits = T([1, 3, 3, 5], 2, 2);
        var before = centering.Targets(logits, 0.5);
        // Centre 0: softmax([1, 3] / 0.5) = [1, e^4] / (1 + e^4).
        Assert.AreEqual(1 / (1 + Math.Exp(4)), before[0, 0].item<float>(), 1e-6);
        centering.Update(logits);
        CollectionAssert.AreEqual(new[] { 0.2f, 0.4f }, centering.Center.data<float>().ToArray().Select(v => MathF.Round(v, 6)).ToArray());
        centering.Update(logits);
        // 0.9 * 0.2 + 0.1 * 2 = 0.38; 0.9 * 0.4 + 0.1 * 4 = 0.76.
        Assert.AreEqual(0.38f, centering.Center[0, 0].item<float>(), 1e-6f);
        Assert.AreEqual(0.76f, centering.Center[0, 1].item<float>(), 1e-6f);
        var after = centering.Targets(logits, 0.5);
        // softmax(([1, 3] - [0.38, 0.76]) / 0.5): difference of logits (2 - 0.38) / 0.5 = 3.24.
        Assert.AreEqual(1 / (1 + Math.Exp(3.24)), after[0, 0].item<float>(), 1e-6);
    }

    [TestMethod]
    public void SinkhornKnoppSpreadsTheBatchEvenlyOverPrototypes()
    {
        using var scope = NewDisposeScope();
        torch.random.manual_seed(1);
        // A teacher that puts every sample on prototype 0 (a collapse) is spread out again.
        var logits = torch.randn(64, 8) * 0.1 + T([3, 0, 0, 0, 0, 0, 0, 0], 1, 8);
        var q = SinkhornKnopp.Normalise(logits, 0.1, iterations: 10);
        Assert.AreEqual(0, (q.sum(1) - 1).abs().max().item<float>(), 1e-4);
        // 0L, not 0: a literal 0 converts to ScalarType and would pick sum(ScalarType.Byte).
        Assert.AreEqual(0, (q.sum(0L) - 8).abs().max().item<float>(), 8 * 2e-2);
        // With the Centering method no state is kept for Sinkhorn-Knopp.
        using var sk = new TeacherCentering("c", 8, 0.9, TeacherCenteringMethod.SinkhornKnopp);
        sk.Update(logits);
        Assert.AreEqual(0f, sk.Center.abs().sum().item<float>());
        Assert.AreEqual(0, (sk.Targets(logits, 0.1).sum(1) - 1).abs().max().item<float>(), 1e-4);
    }

    [TestMethod]
    public void SinkhornKnoppOfNoRowsIsEmpty()
    {
        // A step whose iBOT masks hide no token (TokenMaskMax = 0, or tiny views) has no masked-token logits;
        // max() over them used to throw inside libtorch.
        using var scope = NewDisposeScope();
        var q = SinkhornKnopp.Normalise(torch.zeros(0, 8), 0.04);
        CollectionAssert.AreEqual(new long[] { 0, 8 }, q.shape);
    }

    [TestMethod]
    public void DinoHeadLogitsAreCosinesWithUnitNormPrototypes()
    {
        using var scope = NewDisposeScope();
        torch.random.manual_seed(2);
        using var head = new DinoHead("h", 16, 32, 8, 10);
        var logits = head.forward(torch.randn(5, 16));
        CollectionAssert.AreEqual(new long[] { 5, 10 }, logits.shape);
        Assert.IsTrue(logits.abs().max().item<float>() <= 1.0001f);
        // Rescaling the prototypes (the weight-norm direction) leaves the logits unchanged.
        var x = torch.randn(3, 16);
        var reference = head.forward(x);
        using (torch.no_grad())
            foreach (var (name, p) in head.named_parameters())
                if (name == "prototypes") p.mul_(7);
        Assert.IsTrue(head.forward(x).allclose(reference, atol: 1e-6));
    }

    [TestMethod]
    public void MaeLossCountsOnlyMaskedTaxels()
    {
        using var scope = NewDisposeScope();
        var prediction = T([1, 1, 0, 0, 2, 2], 1, 3, 2);
        var target = T([0, 0, 0, 0, 0, 0], 1, 3, 2);
        var masked = torch.tensor(new[] { true, false, true }, [1, 3]);
        // Taxel 0: mean(1, 1) = 1; taxel 2: mean(4, 4) = 4; average 2.5.
        Assert.AreEqual(2.5f, MaeReconstructionLoss.Compute(prediction, target, masked).item<float>(), 1e-6f);
    }
}

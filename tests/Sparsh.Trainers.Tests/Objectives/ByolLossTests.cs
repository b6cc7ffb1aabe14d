using System.Text.Json;
using Sparsh.Trainers.Objectives;
using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Tests.Objectives;

[TestClass]
public sealed class ByolLossTests
{
    private static Tensor T(float[] values, params long[] shape) => torch.tensor(values, shape);

    [TestMethod]
    public void LossIsTwoMinusTwoCosineAveragedOverPairsOfDifferentViews()
    {
        using var scope = NewDisposeScope();
        // Two global views and one local view of one sample, 2-D projections.
        var online = T([1, 0, 0, 2, 1, 1], 3, 1, 2);
        var target = T([1, 1, 3, 0], 2, 1, 2);
        double loss = ByolLoss.Compute(online, target).item<float>();
        // Pairs (target t, online s), t != s: (0,1) cos((1,1),(0,2)) = 1/sqrt 2; (0,2) cos((1,1),(1,1)) = 1;
        // (1,0) cos((3,0),(1,0)) = 1; (1,2) cos((3,0),(1,1)) = 1/sqrt 2.
        double h = 1 / Math.Sqrt(2);
        double expected = ((2 - 2 * h) + 0 + 0 + (2 - 2 * h)) / 4;
        Assert.AreEqual(expected, loss, 1e-6);
        Assert.AreEqual(0.292893, loss, 1e-6);
    }

    [TestMethod]
    public void LossAveragesOverSamplesAndIgnoresScale()
    {
        using var scope = NewDisposeScope();
        // Sample 0: aligned in both directions (0); sample 1: opposite in both (4). Scale must not matter.
        var online = T([5, 0, 0, 1, 0, 7, -2, 0], 2, 2, 2);
        var target = T([0, 3, 1, 0, 0.1f, 0, 0, -9], 2, 2, 2);
        Assert.AreEqual(2.0, ByolLoss.Compute(online, target).item<float>(), 1e-6);
        var same = T([0, 3, 1, 0, 0, 3, 1, 0], 2, 2, 2);
        Assert.AreEqual(0.0, ByolLoss.Compute(same * 4, same).item<float>(), 1e-6, "the same directions cost nothing");
    }

    [TestMethod]
    public void OnlyTheOnlinePredictionsGetAGradient()
    {
        using var scope = NewDisposeScope();
        var online = T([1, 0, 0, 2], 2, 1, 2).requires_grad_(true);
        var target = T([1, 1, 3, 1], 2, 1, 2).requires_grad_(true);
        ByolLoss.Compute(online, target).backward();
        Assert.IsTrue(online.grad is { } g && g.abs().sum().item<float>() > 0);
        Assert.IsNull(target.grad, "the target is a regression target, not a trained output");
    }

    [TestMethod]
    public void OneViewAloneIsRefused()
    {
        using var scope = NewDisposeScope();
        var one = T([1, 0], 1, 1, 2);
        var error = Assert.ThrowsExactly<ArgumentException>(() => ByolLoss.Compute(one, one));
        StringAssert.Contains(error.Message, "No pair of different views");
    }

    [TestMethod]
    public void LossMatchesPyTorch()
    {
        using var scope = NewDisposeScope();
        var fixture = Fixture();
        var predictions = Tensor(fixture.GetProperty("predictions"));
        var targets = Tensor(fixture.GetProperty("targets"));
        Assert.AreEqual(fixture.GetProperty("loss").GetDouble(), ByolLoss.Compute(predictions, targets).item<float>(), 1e-5);
        Assert.AreEqual(fixture.GetProperty("loss_two_views").GetDouble(), ByolLoss.Compute(predictions.narrow(0, 0, 2), targets).item<float>(), 1e-5);
    }

    [TestMethod]
    public void ProjectorMatchesPyTorchInTrainingAndEvaluation()
    {
        using var scope = NewDisposeScope();
        var fixture = Fixture();
        var weights = fixture.GetProperty("mlp");
        using var mlp = new ByolMlp("projector", weights.GetProperty("input_dim").GetInt32(), weights.GetProperty("hidden_dim").GetInt32(), weights.GetProperty("output_dim").GetInt32());
        using (torch.no_grad())
            foreach (var (name, tensor) in mlp.state_dict())
                if (weights.TryGetProperty(name, out var values))
                    tensor.copy_(torch.tensor(Floats(values), tensor.shape));
        var features = Tensor(fixture.GetProperty("features"));

        mlp.train();
        AssertClose(Floats(fixture.GetProperty("output_train")), mlp.forward(features), "training output (batch statistics)");
        var state = mlp.state_dict();
        AssertClose(Floats(fixture.GetProperty("running_mean")), state["norm.running_mean"], "running mean");
        AssertClose(Floats(fixture.GetProperty("running_var")), state["norm.running_var"], "running variance (unbiased)");
        mlp.eval();
        AssertClose(Floats(fixture.GetProperty("output_eval")), mlp.forward(features), "evaluation output (running statistics)");
    }

    private static void AssertClose(float[] expected, Tensor actual, string what)
    {
        var values = actual.detach().reshape(-1).data<float>().ToArray();
        Assert.AreEqual(expected.Length, values.Length, what);
        for (int i = 0; i < values.Length; i++) Assert.AreEqual(expected[i], values[i], 1e-5f, $"{what} [{i}]");
    }

    private static JsonElement Fixture()
        => JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Objectives", "Fixtures", "byol_reference.json"))).RootElement;

    private static float[] Floats(JsonElement array) => array.EnumerateArray().Select(v => v.GetSingle()).ToArray();

    private static Tensor Tensor(JsonElement shaped)
        => torch.tensor(Floats(shaped.GetProperty("values")), shaped.GetProperty("shape").EnumerateArray().Select(v => v.GetInt64()).ToArray());
}

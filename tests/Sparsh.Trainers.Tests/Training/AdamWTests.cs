using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Tests.Training;

/// <summary>The supervised loop's AdamW steps exactly as TorchSharp's, group learning rates and saved state included.</summary>
[TestClass]
public sealed class AdamWTests
{
    private static (nn.Module<Tensor, Tensor> Model, Linear First, Linear Second) Model()
    {
        random.manual_seed(3);
        var first = nn.Linear(6, 8);
        var second = nn.Linear(8, 2);
        return (nn.Sequential(first, nn.GELU(), second), first, second);
    }

    private static IEnumerable<TorchSharp.Modules.AdamW.ParamGroup> Groups(Linear first, Linear second) =>
    [
        new(first.parameters(), new TorchSharp.Modules.AdamW.Options { LearningRate = 3e-3, weight_decay = 0.05 }),
        new(second.parameters(), new TorchSharp.Modules.AdamW.Options { LearningRate = 1e-2, weight_decay = 0.05 }),
    ];

    private static float[][] Train(Func<IEnumerable<TorchSharp.Modules.AdamW.ParamGroup>, TorchSharp.Modules.AdamW> optimizerFor, out byte[] state)
    {
        var (model, first, second) = Model();
        using var optimizer = optimizerFor(Groups(first, second));
        random.manual_seed(4);
        var inputs = randn(32, 6);
        var targets = randn(32, 2);
        for (int step = 0; step < 7; step++)
        {
            using var scope = NewDisposeScope();
            var loss = nn.functional.mse_loss(model.forward(inputs), targets);
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
        }
        using (var buffer = new MemoryStream())
        {
            using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true)) optimizer.save_state_dict(writer);
            state = buffer.ToArray();
        }
        return model.parameters().Select(p => p.detach().data<float>().ToArray()).ToArray();
    }

    [TestMethod]
    public void StepsBitIdenticallyToTorchSharpsAdamW()
    {
        var expected = Train(groups => torch.optim.AdamW(groups, 1e-3, weight_decay: 0.05), out var expectedState);
        var actual = Train(groups => new Sparsh.Trainers.Training.AdamW(groups, 1e-3, 0.05), out var actualState);
        Assert.HasCount(expected.Length, actual);
        for (int i = 0; i < expected.Length; i++) CollectionAssert.AreEqual(expected[i], actual[i], $"parameter {i}");
        CollectionAssert.AreEqual(expectedState, actualState, "the saved optimizer state (checkpoint section) is the same bytes");
    }
}

using Sparsh.Trainers.Decoders;
using Sparsh.Trainers.Hiss;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Tests.Hiss;

[TestClass]
public sealed class HissModelTests
{
    // Scoring runs without gradients; libtorch's gradient-free CPU LSTM kernel gave other (wrong) states on an AVX-512
    // CPU, so held-out scores did not follow what the model learned. Both paths must give the same numbers.
    [TestMethod]
    public void ScoringWithoutGradientsGivesTheTrainingPathsOutputs()
    {
        random.manual_seed(5);
        using var model = new HissModel(valuesPerFrame: 12, chunkHiddenSize: 16, sequenceHiddenSize: 8, outputs: 2, [OutputActivation.None, OutputActivation.None]);
        using var flux = randn(3, 6, 5, 12);
        using var training = model.forward(flux, null);
        Tensor scoring;
        using (no_grad()) scoring = model.forward(flux, null);
        model.eval();
        Tensor evaluation;
        using (no_grad()) evaluation = model.forward(flux, null);

        Assert.IsTrue(training.requires_grad);
        Assert.IsFalse(scoring.requires_grad, "no graph leaves a gradient-free forward");
        Assert.IsTrue(scoring.allclose(training.detach(), rtol: 0, atol: 1e-6), $"max difference {(scoring - training).abs().max().item<float>()}");
        Assert.IsTrue(evaluation.allclose(training.detach(), rtol: 0, atol: 1e-6), $"max difference {(evaluation - training).abs().max().item<float>()}");
    }
}

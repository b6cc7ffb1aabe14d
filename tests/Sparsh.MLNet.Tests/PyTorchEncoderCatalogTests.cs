using Microsoft.ML;
using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.MLNet.Tests;

/// <summary>The catalog's way in to reference PyTorch checkpoints, on the micro parity fixture (dim 32, 2 heads).</summary>
[TestClass]
public sealed class PyTorchEncoderCatalogTests
{
    private static readonly string Checkpoint = Path.Combine(AppContext.BaseDirectory, "Fixtures", "reference_micro.safetensors");

    [TestMethod]
    public void EncoderFromPyTorchIsTheCheckpointsEncoderAndSavesBackUnderTheReferenceNames()
    {
        var sparsh = new MLContext(1).Sparsh();
        using var checkpoint = sparsh.PyTorchEncoderCheckpoint(Checkpoint, heads: 2);
        using var transformer = sparsh.EncoderFromPyTorch(Checkpoint, heads: 2);
        Assert.AreEqual(32, transformer.Config.EmbeddingDim);
        Assert.IsTrue(transformer.Config.TokenEmbeddingNorm);

        string path = Path.Combine(Path.GetTempPath(), $"sparsh-catalog-{Guid.NewGuid():N}.safetensors");
        try
        {
            sparsh.SaveEncoderForPyTorch(transformer.Encoder, path, checkpoint.Statistics);
            using var again = sparsh.PyTorchEncoderCheckpoint(path, heads: 2);
            using var direct = checkpoint.CreateEncoder();
            using var reloaded = again.CreateEncoder();
            transformer.Encoder.eval();
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            torch.random.manual_seed(5);
            var windows = torch.randn(1, 10, 368, 6);
            var expected = direct.forward(windows);
            Assert.IsTrue(transformer.Encoder.forward(windows).eq(expected).all().item<bool>(), "EncoderFromPyTorch differs from CreateEncoder");
            Assert.IsTrue(reloaded.forward(windows).eq(expected).all().item<bool>(), "the saved file reads back to a different encoder");
            CollectionAssert.AreEqual(checkpoint.Statistics.Std.ToArray(), again.Statistics.Std.ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }
}

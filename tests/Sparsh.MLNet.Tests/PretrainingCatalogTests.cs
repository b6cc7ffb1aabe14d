using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Trainers.Pretraining;
using Sparsh.Transforms.Xela;

namespace Sparsh.MLNet.Tests;

[TestClass]
public sealed class PretrainingCatalogTests
{
    public sealed class Window
    {
        [VectorType(10, XelaSkin.TaxelCount, 3)] public float[] Magnetic { get; set; } = [];
        [VectorType(10, XelaSkin.TaxelCount, 3)] public float[] TaxelPositions { get; set; } = [];
    }

    [TestMethod]
    public void PretrainedEncoderAddsEmbeddingsAndReloadsFromItsCheckpoint()
    {
        string checkpoint = Path.Combine(Path.GetTempPath(), $"sparsh-pretrain-{Guid.NewGuid():N}.ckpt");
        try
        {
            var random = new Random(2);
            var positions = Enumerable.Range(0, 10 * XelaSkin.ValuesPerFrame).Select(i => 0.001f * (i % 83)).ToArray();
            var windows = Enumerable.Range(0, 16).Select(_ => new Window
            {
                Magnetic = Enumerable.Range(0, 10 * XelaSkin.ValuesPerFrame).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray(),
                TaxelPositions = positions,
            }).ToList();
            var mlContext = new MLContext(seed: 1);
            var data = mlContext.Data.LoadFromEnumerable(windows);
            var options = SparshPretrainingOptions.Cpu();
            options.Epochs = 1;
            options.BatchSize = 8;
            options.CheckpointPath = checkpoint;
            options.Columns = options.Columns with { ValidityColumnName = null };

            var encoder = mlContext.Sparsh().Pretrain(options).Fit(data);
            var embeddings = encoder.Transform(data).GetColumn<float[]>("Embedding").ToArray();
            var tokens = encoder.Transform(data).GetColumn<float[]>("Tokens").First();
            Assert.AreEqual(options.Encoder.EmbeddingDim, embeddings[0].Length);
            Assert.AreEqual((XelaSkin.TaxelCount + 1) * options.Encoder.EmbeddingDim, tokens.Length, "one token per taxel plus the register token");

            var reloaded = mlContext.Sparsh().Encoder(checkpoint, options.Columns);
            var again = reloaded.Transform(data).GetColumn<float[]>("Embedding").ToArray();
            for (int i = 0; i < embeddings.Length; i++)
                CollectionAssert.AreEqual(embeddings[i], again[i], $"window {i}: the checkpoint holds the trained encoder");
        }
        finally
        {
            File.Delete(checkpoint);
        }
    }
}

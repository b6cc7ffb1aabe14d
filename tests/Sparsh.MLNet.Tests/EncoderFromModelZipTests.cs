using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Trainers.Encoder;
using Sparsh.Transforms.Xela;
using TorchSharp;

namespace Sparsh.MLNet.Tests;

[TestClass]
public sealed class EncoderFromModelZipTests
{
    public sealed class Window
    {
        [VectorType(10, XelaSkin.TaxelCount, 3)] public float[] Magnetic { get; set; } = [];
        [VectorType(10, XelaSkin.TaxelCount, 3)] public float[] TaxelPositions { get; set; } = [];
    }

    [TestMethod]
    public void EncoderSavedInAZipComesBackAsTheSameTransformer()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sparsh-encoder-{Guid.NewGuid():N}.zip");
        try
        {
            var random = new Random(3);
            var windows = Enumerable.Range(0, 3).Select(_ => new Window
            {
                Magnetic = Enumerable.Range(0, 10 * XelaSkin.ValuesPerFrame).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray(),
                TaxelPositions = Enumerable.Range(0, 10 * XelaSkin.ValuesPerFrame).Select(i => 0.001f * (i % 83)).ToArray(),
            }).ToList();
            var mlContext = new MLContext(seed: 1);
            var data = mlContext.Data.LoadFromEnumerable(windows);
            torch.random.manual_seed(4);
            var columns = new SparshSkinEncoderColumns { ValidityColumnName = null };
            using var encoder = new SparshSkinEncoderTransformer(new SparshSkinEncoder(SparshSkinEncoderConfig.ForSize(SparshSkinEncoderSize.Micro)), columns);
            var expected = encoder.Transform(data).GetColumn<float[]>(columns.TokensColumnName).ToArray();
            mlContext.Model.Save(encoder, data.Schema, path);

            using var reloaded = mlContext.Sparsh().EncoderFromModelZip(path, columns);
            Assert.AreEqual(encoder.Config.EmbeddingDim, reloaded.Config.EmbeddingDim);
            var actual = reloaded.Transform(data).GetColumn<float[]>(columns.TokensColumnName).ToArray();
            for (int i = 0; i < expected.Length; i++)
                CollectionAssert.AreEqual(expected[i], actual[i], $"window {i}: identical weights give identical tokens");
        }
        finally
        {
            File.Delete(path);
        }
    }
}

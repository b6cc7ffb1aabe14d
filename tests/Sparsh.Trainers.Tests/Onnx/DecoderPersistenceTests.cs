using System.IO.Compression;
using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Trainers.Decoders;

namespace Sparsh.Trainers.Tests.Onnx;

/// <summary>A trained attentive-pooler decoder saves into an ML.NET zip as ONNX and scores the same after loading.</summary>
[TestClass]
public sealed class DecoderPersistenceTests
{
    private const int TokenCount = 9, Width = 8, Outputs = 3;

    public sealed class Window
    {
        public string RecordingId { get; set; } = "";
        [VectorType(TokenCount, Width)] public float[] EncoderTokens { get; set; } = [];
        [VectorType(TokenCount)] public bool[] TokenValid { get; set; } = [];
        [VectorType(Outputs)] public float[] Label { get; set; } = [];
    }

    public sealed class Scored
    {
        [VectorType(Outputs)] public float[] Score { get; set; } = [];
    }

    private static Window[] Data(int rows, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, rows).Select(r =>
        {
            var tokens = Enumerable.Range(0, TokenCount * Width).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            var valid = Enumerable.Range(0, TokenCount).Select(t => t == 0 || random.NextDouble() > 0.3).ToArray();
            return new Window
            {
                RecordingId = $"rec-{r % 6}",
                EncoderTokens = tokens,
                TokenValid = valid,
                Label = [tokens[0] + tokens[1], Math.Abs(tokens[2]), 0.5f * tokens[3]],
            };
        }).ToArray();
    }

    private static float[][] Scores(IDataView view) => view.GetColumn<float[]>("Score").ToArray();

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void ChainEndingInTheDecoderScoresTheSameAfterSaveAndLoad(bool withValidity)
    {
        var mlContext = new MLContext(seed: 1);
        var windows = Data(48, seed: 31);
        var data = mlContext.Data.LoadFromEnumerable(windows);
        var options = new AttentivePoolerRegressorOptions
        {
            TokensColumnName = "Tokens",
            TokenValidityColumnName = withValidity ? nameof(Window.TokenValid) : null,
            Epochs = 2,
            BatchSize = 16,
            Heads = 2,
            Seed = 3,
            CpuThreads = 1,
            OutputActivations = [OutputActivation.None, OutputActivation.Relu, OutputActivation.Tanh],
        };
        var pipeline = mlContext.Transforms.CopyColumns("Tokens", nameof(Window.EncoderTokens))
            .Append(new AttentivePoolerRegressorEstimator(mlContext, options));
        var model = pipeline.Fit(data);
        var expectedView = model.Transform(data);
        var expected = Scores(expectedView);

        var path = Path.Combine(Path.GetTempPath(), $"sparsh-decoder-{Guid.NewGuid():N}.zip");
        try
        {
            mlContext.Model.Save(model, data.Schema, path);
            using (var zip = ZipFile.OpenRead(path))
                Assert.AreEqual(1, zip.Entries.Count(e => e.FullName.EndsWith("OnnxModel", StringComparison.Ordinal)), "the decoder is one embedded ONNX graph");

            var loaded = new MLContext(seed: 2).Model.Load(path, out var inputSchema);
            Assert.IsFalse(((IEnumerable<ITransformer>)loaded).Any(t => t.GetType().Assembly.GetName().Name!.StartsWith("Sparsh", StringComparison.Ordinal)),
                "the loaded chain holds only ML.NET transformers");
            var actualView = loaded.Transform(mlContext.Data.LoadFromEnumerable(windows));
            Assert.AreEqual(expectedView.Schema["Score"].Type, actualView.Schema["Score"].Type, "Score keeps its type and size");
            var actual = Scores(actualView);
            Assert.HasCount(windows.Length, actual);
            OnnxRun.AssertClose(expected.SelectMany(s => s).ToArray(), actual.SelectMany(s => s).ToArray(), $"zip vs in-memory scores (validity {withValidity})");

            // One window through a PredictionEngine, as an app does.
            var engine = mlContext.Model.CreatePredictionEngine<Window, Scored>(loaded, inputSchema);
            OnnxRun.AssertClose(expected[5], engine.Predict(windows[5]).Score, "prediction engine");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void SavingADecoderNeverAppliedSaysWhatToDo()
    {
        var mlContext = new MLContext(seed: 1);
        var data = mlContext.Data.LoadFromEnumerable(Data(24, seed: 32));
        var options = new AttentivePoolerRegressorOptions { TokensColumnName = nameof(Window.EncoderTokens), Epochs = 1, BatchSize = 8, CpuThreads = 1 };
        var transformer = new AttentivePoolerRegressorEstimator(mlContext, options).Fit(data);
        var path = Path.Combine(Path.GetTempPath(), $"sparsh-unbound-{Guid.NewGuid():N}.zip");
        try
        {
            var error = Assert.Throws<Exception>(() => mlContext.Model.Save(transformer, data.Schema, path));
            var messages = string.Join(" | ", Flatten(error).Select(e => e.Message));
            StringAssert.Contains(messages, "AttentivePoolerRegressorTransformer cannot be saved before it has been applied to data");
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static IEnumerable<Exception> Flatten(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException) yield return e;
    }
}

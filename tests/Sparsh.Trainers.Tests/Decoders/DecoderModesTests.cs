using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Trainers.Decoders;
using Sparsh.Trainers.Encoder;
using Sparsh.Transforms.Xela;
using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Tests.Decoders;

[TestClass]
public sealed class DecoderModesTests
{
    private const int Frames = 10;

    public sealed class Window
    {
        public string RecordingId { get; set; } = "";
        [VectorType(Frames, XelaSkin.TaxelCount, 3)] public float[] Magnetic { get; set; } = [];
        [VectorType(Frames, XelaSkin.TaxelCount, 3)] public float[] TaxelPositions { get; set; } = [];
        [VectorType(Frames, XelaSkin.TaxelCount)] public bool[] Validity { get; set; } = [];
        [VectorType(1)] public float[] Label { get; set; } = [];
    }

    // The label is the mean z flux of taxel 100 over the window's frames.
    private static IDataView Windows(MLContext mlContext, int count, int seed)
    {
        var random = new Random(seed);
        var positions = Enumerable.Range(0, Frames * XelaSkin.ValuesPerFrame).Select(i => (float)(0.001 * (i % 97))).ToArray();
        var rows = Enumerable.Range(0, count).Select(w =>
        {
            var magnetic = Enumerable.Range(0, Frames * XelaSkin.ValuesPerFrame).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            float label = Enumerable.Range(0, Frames).Average(f => magnetic[f * XelaSkin.ValuesPerFrame + 3 * 100 + 2]);
            return new Window
            {
                RecordingId = $"rec-{w % 6}", Magnetic = magnetic, TaxelPositions = positions,
                Validity = Enumerable.Repeat(true, Frames * XelaSkin.TaxelCount).ToArray(), Label = [label],
            };
        }).ToList();
        return mlContext.Data.LoadFromEnumerable(rows);
    }

    internal static SparshSkinEncoder PretrainedStandIn()
    {
        random.manual_seed(21);
        return new SparshSkinEncoder(SparshSkinEncoderConfig.ForSize(SparshSkinEncoderSize.Micro));
    }

    internal static Dictionary<string, float[]> Weights(nn.Module module)
        => module.state_dict().Where(p => p.Value.dtype == ScalarType.Float32)
            .ToDictionary(p => p.Key, p => p.Value.detach().cpu().data<float>().ToArray());

    private static AttentivePoolerRegressorOptions Options(DecoderMode mode, SparshSkinEncoder? encoder = null) => new()
    {
        Mode = mode, Encoder = encoder, Epochs = 2, BatchSize = 8, LearningRate = 1e-3, Seed = 5, CpuThreads = 2, ValidationFraction = 0.2,
    };

    [TestMethod]
    public void FineTuneTrainsACopyOfTheEncoderAndLeavesTheOriginalAlone()
    {
        var mlContext = new MLContext(seed: 1);
        var data = Windows(mlContext, 16, seed: 1);
        using var pretrained = PretrainedStandIn();
        var before = Weights(pretrained);

        var model = new AttentivePoolerRegressorEstimator(mlContext, Options(DecoderMode.FineTune, pretrained)).Fit(data);

        foreach (var (name, values) in Weights(pretrained))
            CollectionAssert.AreEqual(before[name], values, $"the caller's encoder parameter {name} must not change");
        var tuned = Weights(model.Encoder!);
        Assert.IsTrue(tuned.Any(p => !p.Value.SequenceEqual(before[p.Key])), "fine-tuning changes the encoder copy");
        var scores = model.Transform(data).GetColumn<float[]>("Score").ToArray();
        Assert.AreEqual(16, scores.Length);
        Assert.IsTrue(scores.All(s => s.Length == 1 && float.IsFinite(s[0])));
    }

    [TestMethod]
    public void FrozenModeLeavesTheEncoderBitIdentical()
    {
        var mlContext = new MLContext(seed: 1);
        var data = Windows(mlContext, 16, seed: 2);
        using var pretrained = PretrainedStandIn();
        var before = Weights(pretrained);
        var encoder = new SparshSkinEncoderTransformer(pretrained);

        var tokens = encoder.Transform(data);
        new AttentivePoolerRegressorEstimator(mlContext, Options(DecoderMode.Frozen)).Fit(tokens);

        foreach (var (name, values) in Weights(pretrained))
            CollectionAssert.AreEqual(before[name], values, $"frozen training changed encoder parameter {name}");
    }

    [TestMethod]
    public void EndToEndNeedsNoPretrainedEncoderAndItsLossFalls()
    {
        var mlContext = new MLContext(seed: 1);
        var data = Windows(mlContext, 24, seed: 3);
        var options = Options(DecoderMode.EndToEnd);
        options.Epochs = 3;
        options.LearningRate = 2e-3;
        var model = new AttentivePoolerRegressorEstimator(mlContext, options).Fit(data);
        var history = model.History.Epochs;
        Assert.IsLessThan(history[0].TrainLoss, history[^1].TrainLoss, string.Join(", ", history.Select(h => h.TrainLoss.ToString("G3"))));
        Assert.AreEqual(DecoderMode.EndToEnd, model.Mode);
    }

    [TestMethod]
    public void FineTuneWithoutAnEncoderSaysWhatIsMissing()
    {
        var mlContext = new MLContext(seed: 1);
        var error = Assert.ThrowsExactly<ArgumentException>(() =>
            new AttentivePoolerRegressorEstimator(mlContext, Options(DecoderMode.FineTune)).Fit(Windows(mlContext, 4, seed: 4)));
        StringAssert.Contains(error.Message, "Options.Encoder");
    }
}

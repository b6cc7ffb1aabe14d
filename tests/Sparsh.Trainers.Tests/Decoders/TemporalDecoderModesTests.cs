using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Trainers.Decoders;
using Sparsh.Trainers.Encoder;
using Sparsh.Transforms.Core;
using Sparsh.Transforms.Xela;

namespace Sparsh.Trainers.Tests.Decoders;

[TestClass]
public sealed class TemporalDecoderModesTests
{
    private const int Frames = 10, WindowsPerRecording = 8;

    public sealed class Window
    {
        public string RecordingId { get; set; } = "";
        public double WindowStartSeconds { get; set; }
        [VectorType(Frames, XelaSkin.TaxelCount, 3)] public float[] Magnetic { get; set; } = [];
        [VectorType(Frames, XelaSkin.TaxelCount, 3)] public float[] TaxelPositions { get; set; } = [];
        [VectorType(Frames, XelaSkin.TaxelCount)] public bool[] Validity { get; set; } = [];
        [VectorType(1)] public float[] Label { get; set; } = [];
    }

    // The label is the running mean, since the recording started, of taxel 100's z flux: it needs the sequence's history.
    // Taxel 7 is invalid in one frame of every third window so the validity path is exercised.
    private static List<Window> Rows(int recordings, int seed)
    {
        var random = new Random(seed);
        var positions = Enumerable.Range(0, Frames * XelaSkin.ValuesPerFrame).Select(i => (float)(0.001 * (i % 97))).ToArray();
        var rows = new List<Window>();
        for (int r = 0; r < recordings; r++)
        {
            double sum = 0;
            for (int k = 0; k < WindowsPerRecording; k++)
            {
                var magnetic = Enumerable.Range(0, Frames * XelaSkin.ValuesPerFrame).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
                sum += Enumerable.Range(0, Frames).Average(f => magnetic[f * XelaSkin.ValuesPerFrame + 3 * 100 + 2]);
                var validity = Enumerable.Repeat(true, Frames * XelaSkin.TaxelCount).ToArray();
                if (k % 3 == 0) validity[4 * XelaSkin.TaxelCount + 7] = false;
                rows.Add(new Window
                {
                    RecordingId = $"rec-{r}", WindowStartSeconds = 0.1 * k, Magnetic = magnetic, TaxelPositions = positions,
                    Validity = validity, Label = [(float)(sum / (k + 1))],
                });
            }
        }
        return rows;
    }

    private static TemporalDecoderRegressorOptions Options(DecoderMode mode, SparshSkinEncoder? encoder = null) => new()
    {
        Mode = mode, Encoder = encoder, SequenceLengthWindows = WindowsPerRecording, Epochs = 2, BatchSize = 2, LearningRate = 2e-3,
        Seed = 5, CpuThreads = 2, ValidationFraction = 0.25,
    };

    [TestMethod]
    public void FineTuneTrainsACopyOfTheEncoderThroughTheSequenceModelAndScoresEveryWindowInOrder()
    {
        var mlContext = new MLContext(seed: 1);
        var rows = Rows(4, seed: 1);
        var data = mlContext.Data.LoadFromEnumerable(rows);
        using var pretrained = DecoderModesTests.PretrainedStandIn();
        var before = DecoderModesTests.Weights(pretrained);

        var model = new TemporalDecoderRegressorEstimator(mlContext, Options(DecoderMode.FineTune, pretrained)).Fit(data);

        foreach (var (name, values) in DecoderModesTests.Weights(pretrained))
            CollectionAssert.AreEqual(before[name], values, $"the caller's encoder parameter {name} must not change");
        var tuned = DecoderModesTests.Weights(model.Encoder!);
        Assert.IsTrue(tuned.Any(p => !p.Value.SequenceEqual(before[p.Key])), "fine-tuning changes the encoder copy");
        Assert.AreEqual(DecoderMode.FineTune, model.Mode);

        var scored = model.Transform(data);
        CollectionAssert.AreEqual(rows.Select(r => r.RecordingId).ToArray(), scored.GetColumn<string>("RecordingId").ToArray());
        var scores = scored.GetColumn<float[]>("Score").ToArray();
        Assert.AreEqual(rows.Count, scores.Length);
        Assert.IsTrue(scores.All(s => s.Length == 1 && float.IsFinite(s[0])));
    }

    [TestMethod]
    public void EncoderModeScoresAreCausalAndIndependentOfRowOrder()
    {
        var mlContext = new MLContext(seed: 1);
        var rows = Rows(3, seed: 2);
        var options = Options(DecoderMode.EndToEnd);
        options.Epochs = 1;
        var model = new TemporalDecoderRegressorEstimator(mlContext, options).Fit(mlContext.Data.LoadFromEnumerable(rows));

        float[] Scores(IEnumerable<Window> subset) => model.Transform(mlContext.Data.LoadFromEnumerable(subset.ToList()))
            .GetColumn<float[]>("Score").Select(s => s[0]).ToArray();
        var whole = Scores(rows);
        var firstHalf = Scores(rows.Where(r => r.RecordingId == "rec-0").Take(WindowsPerRecording / 2));
        var reversed = Scores(Enumerable.Reverse(rows));
        for (int k = 0; k < firstHalf.Length; k++)
            Assert.AreEqual(whole[k], firstHalf[k], 1e-5f, $"window {k}: later windows must not change an earlier window's score");
        for (int i = 0; i < whole.Length; i++)
            Assert.AreEqual(whole[i], reversed[whole.Length - 1 - i], 1e-5f, $"row {i}: sequences follow time, not row order");
        Assert.AreNotEqual(whole[0], whole[1], "scores vary across windows");
    }

    [TestMethod]
    public void EndToEndLearnsTheHistoryDependentLabel()
    {
        var mlContext = new MLContext(seed: 1);
        var options = Options(DecoderMode.EndToEnd);
        options.Epochs = 4;
        options.ValidationFraction = 0;
        var model = new TemporalDecoderRegressorEstimator(mlContext, options).Fit(mlContext.Data.LoadFromEnumerable(Rows(6, seed: 3)));
        var history = model.History.Epochs;
        Assert.IsLessThan(history[0].TrainLoss, history[^1].TrainLoss, string.Join(", ", history.Select(h => h.TrainLoss.ToString("G3"))));
        Assert.IsNotNull(model.Encoder);
    }

    [TestMethod]
    public void EachModeChecksTheColumnsItReadsAndNamesTheMissingOne()
    {
        var mlContext = new MLContext(seed: 1);
        var windows = mlContext.Data.LoadFromEnumerable(Rows(1, seed: 4));
        var shape = SchemaShapes.FromSchema(windows.Schema);
        var withEncoder = new TemporalDecoderRegressorEstimator(mlContext, Options(DecoderMode.EndToEnd)).GetOutputSchema(shape);
        Assert.IsTrue(SchemaShapes.TryFind(withEncoder, "Score", out _), "an EndToEnd decoder reads windows and adds Score");

        var frozen = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            new TemporalDecoderRegressorEstimator(mlContext, Options(DecoderMode.Frozen)).GetOutputSchema(shape));
        StringAssert.Contains(frozen.Message, "'Tokens'");
        var fineTune = Assert.ThrowsExactly<ArgumentException>(() =>
            new TemporalDecoderRegressorEstimator(mlContext, Options(DecoderMode.FineTune)).Fit(windows));
        StringAssert.Contains(fineTune.Message, "Options.Encoder");
    }
}

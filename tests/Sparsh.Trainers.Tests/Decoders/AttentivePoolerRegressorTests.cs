using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Trainers.Decoders;
using Sparsh.Trainers.Training;

namespace Sparsh.Trainers.Tests.Decoders;

[TestClass]
public sealed class AttentivePoolerRegressorTests
{
    private const int TokenCount = 9, Width = 8;

    public sealed class Window
    {
        public string RecordingId { get; set; } = "";
        [VectorType(TokenCount, Width)] public float[] Tokens { get; set; } = [];
        [VectorType(2)] public float[] Label { get; set; } = [];
    }

    // The label is a fixed function of token 4 only, which carries a marker in its last feature (as an encoder's
    // position embedding would), so a decoder must learn to attend to it.
    private static List<Window> Data(int rows, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, rows).Select(r =>
        {
            var tokens = Enumerable.Range(0, TokenCount * Width).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            for (int t = 0; t < TokenCount; t++) tokens[t * Width + Width - 1] = t == 4 ? 3f : 0f;
            float a = tokens[4 * Width], b = tokens[4 * Width + 1];
            return new Window { RecordingId = $"rec-{r % 12}", Tokens = tokens, Label = [a + b, a - 0.5f * b] };
        }).ToList();
    }

    private static AttentivePoolerRegressorOptions Options(int epochs, string? checkpoint = null) => new()
    {
        Epochs = epochs,
        BatchSize = 16,
        LearningRate = 3e-3,
        Heads = 2,
        HiddenWidth = 16, // the default d/4 = 2 units would make this tiny test needlessly hard
        EarlyStoppingPatience = 100,
        CheckpointPath = checkpoint,
        Seed = 11,
        CpuThreads = 1,
    };

    [TestMethod]
    public void FixedValidationRecordingsAreNeverTrainedOnAndAreScoredEveryFewEpochs()
    {
        var mlContext = new MLContext(seed: 1);
        var rows = Data(240, seed: 3);
        var options = Options(epochs: 7);
        options.ValidationGroups = ["rec-0", "rec-1"];
        options.ValidateEveryEpochs = 3;
        var model = new AttentivePoolerRegressorEstimator(mlContext, options).Fit(mlContext.Data.LoadFromEnumerable(rows));

        var validated = model.History.Epochs.Where(e => e.Validated).Select(e => e.Epoch).ToArray();
        CollectionAssert.AreEqual(new[] { 3, 6, 7 }, validated, "every third epoch and the last");
        Assert.IsTrue(model.History.Epochs.Where(e => !e.Validated).All(e => double.IsNaN(e.ValidationLoss) && double.IsNaN(e.ValidationRmse)), "epochs not validated carry no scores");
        // 40 of the 240 windows belong to rec-0 and rec-1: 200 train, so an epoch of batch 16 is 13 steps.
        Assert.AreEqual(13L, model.History.Epochs[0].Step, "the validation recordings' windows are not trained on");

        // A step cap ends the run inside an epoch, and that last epoch is validated.
        options.MaxSteps = 20;
        var capped = new AttentivePoolerRegressorEstimator(mlContext, options).Fit(mlContext.Data.LoadFromEnumerable(rows)).History.Epochs;
        Assert.AreEqual(20L, capped[^1].Step);
        Assert.HasCount(2, capped);
        Assert.IsTrue(capped[^1].Validated);

        options.ValidationGroups = rows.Select(r => r.RecordingId).Distinct().ToArray();
        var error = Assert.ThrowsExactly<ArgumentException>(() => new AttentivePoolerRegressorEstimator(mlContext, options).Fit(mlContext.Data.LoadFromEnumerable(rows)));
        StringAssert.Contains(error.Message, "nothing left to train on");
        options.ValidationGroups = ["rec-O"];
        error = Assert.ThrowsExactly<ArgumentException>(() => new AttentivePoolerRegressorEstimator(mlContext, options).Fit(mlContext.Data.LoadFromEnumerable(rows)));
        StringAssert.Contains(error.Message, "rec-O");
    }

    [TestMethod]
    public void FrozenDecoderLearnsFromTokensAndReportsEachEpoch()
    {
        var mlContext = new MLContext(seed: 1);
        var data = mlContext.Data.LoadFromEnumerable(Data(600, seed: 1));
        var reports = new List<EpochReport>();
        var options = Options(epochs: 40);
        options.Progress = new Progress<EpochReport>(reports.Add);
        var model = new AttentivePoolerRegressorEstimator(mlContext, options).Fit(data);

        var history = model.History.Epochs;
        Assert.AreEqual(40, history.Count);
        Assert.IsLessThan(history[0].TrainLoss * 0.3, history[^1].TrainLoss, "training loss falls by more than 70%: " + string.Join(", ", history.Select(h => h.TrainLoss.ToString("G3"))));
        Assert.IsLessThan(history[0].ValidationRmse, history[^1].ValidationRmse, "held-out recordings improve too");

        var test = mlContext.Data.LoadFromEnumerable(Data(60, seed: 2));
        var scores = model.Transform(test).GetColumn<float[]>("Score").ToArray();
        var labels = Data(60, seed: 2).Select(w => w.Label).ToArray();
        double rmse = Math.Sqrt(scores.Zip(labels, (s, l) => Math.Pow(s[0] - l[0], 2) + Math.Pow(s[1] - l[1], 2)).Average() / 2);
        double labelStd = Math.Sqrt(labels.Average(l => (l[0] * l[0] + l[1] * l[1]) / 2));
        Assert.IsLessThan(0.5 * labelStd, rmse, $"test RMSE {rmse:F3} vs label scale {labelStd:F3}");
    }

    [TestMethod]
    public void AnOutputOnAHundredfoldSmallerScaleLearnsAsWell()
    {
        // Output 0 in "metres" (a hundredth of the other): the loss compares labels at unit scale, so it is not neglected.
        static List<Window> Scaled(List<Window> rows) => rows.Select(w => new Window { RecordingId = w.RecordingId, Tokens = w.Tokens, Label = [0.01f * w.Label[0], w.Label[1]] }).ToList();
        var mlContext = new MLContext(seed: 1);
        var model = new AttentivePoolerRegressorEstimator(mlContext, Options(epochs: 40)).Fit(mlContext.Data.LoadFromEnumerable(Scaled(Data(600, seed: 1))));

        var test = Scaled(Data(60, seed: 2));
        var scores = model.Transform(mlContext.Data.LoadFromEnumerable(test)).GetColumn<float[]>("Score").ToArray();
        for (int output = 0; output < 2; output++)
        {
            double rmse = Math.Sqrt(scores.Zip(test, (s, w) => Math.Pow(s[output] - w.Label[output], 2)).Average());
            double std = Math.Sqrt(test.Average(w => Math.Pow(w.Label[output], 2)));
            Assert.IsLessThan(0.5 * std, rmse, $"output {output}: test RMSE {rmse:G3} vs label scale {std:G3}");
        }
    }

    [TestMethod]
    public void ResumingFromACheckpointGivesTheSameWeightsAsAnUninterruptedRun()
    {
        var mlContext = new MLContext(seed: 1);
        var data = mlContext.Data.LoadFromEnumerable(Data(96, seed: 3));
        string checkpoint = Path.Combine(Path.GetTempPath(), $"sparsh-decoder-{Guid.NewGuid():N}.ckpt");
        try
        {
            var straight = new AttentivePoolerRegressorEstimator(mlContext, Options(epochs: 4)).Fit(data);
            new AttentivePoolerRegressorEstimator(mlContext, Options(epochs: 2, checkpoint)).Fit(data);
            Assert.IsTrue(File.Exists(checkpoint));
            var resumed = new AttentivePoolerRegressorEstimator(mlContext, Options(epochs: 4, checkpoint)).Fit(data);

            Assert.AreEqual(4, resumed.History.Epochs.Count, "history includes the epochs before the checkpoint");
            var a = straight.Decoder.state_dict();
            var b = resumed.Decoder.state_dict();
            foreach (var (name, tensor) in a)
                Assert.AreEqual(0f, (tensor - b[name]).abs().max().item<float>(), $"parameter {name} differs after resume");
        }
        finally
        {
            File.Delete(checkpoint);
        }
    }

    [TestMethod]
    public void CancellationWritesACheckpointAndStops()
    {
        var mlContext = new MLContext(seed: 1);
        var data = mlContext.Data.LoadFromEnumerable(Data(64, seed: 4));
        string checkpoint = Path.Combine(Path.GetTempPath(), $"sparsh-decoder-{Guid.NewGuid():N}.ckpt");
        using var cancellation = new CancellationTokenSource();
        var options = Options(epochs: 50, checkpoint);
        options.CancellationToken = cancellation.Token;
        options.Progress = new SynchronousProgress(r => { if (r.Epoch == 2) cancellation.Cancel(); });
        try
        {
            Assert.ThrowsExactly<OperationCanceledException>(() => new AttentivePoolerRegressorEstimator(mlContext, options).Fit(data));
            Assert.IsTrue(File.Exists(checkpoint), "a checkpoint is written on cancellation");
        }
        finally
        {
            File.Delete(checkpoint);
        }
    }

    [TestMethod]
    public void TokensWithoutTwoDimensionsAreRejectedByName()
    {
        var mlContext = new MLContext(seed: 1);
        var data = mlContext.Data.LoadFromEnumerable(new[] { new Flat() });
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            new AttentivePoolerRegressorEstimator(mlContext, Options(1)).Fit(data));
        StringAssert.Contains(error.Message, "'Tokens'");
    }

    public sealed class Flat
    {
        public string RecordingId { get; set; } = "a";
        [VectorType(72)] public float[] Tokens { get; set; } = new float[72];
        [VectorType(2)] public float[] Label { get; set; } = new float[2];
    }

    private sealed class SynchronousProgress(Action<EpochReport> action) : IProgress<EpochReport>
    {
        public void Report(EpochReport value) => action(value);
    }
}

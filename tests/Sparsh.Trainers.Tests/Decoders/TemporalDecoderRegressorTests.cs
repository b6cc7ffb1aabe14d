using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Trainers.Decoders;

namespace Sparsh.Trainers.Tests.Decoders;

[TestClass]
public sealed class TemporalDecoderRegressorTests
{
    private const int TokenCount = 5, Width = 8;

    public sealed class Window
    {
        public string RecordingId { get; set; } = "";
        public double WindowStartSeconds { get; set; }
        [VectorType(TokenCount, Width)] public float[] Tokens { get; set; } = [];
        [VectorType(1)] public float[] Label { get; set; } = [];
    }

    [TestMethod]
    public void SequencesFollowRecordingsTimeAndGaps()
    {
        string[] groups = ["b", "a", "a", "a", "a", "a", "a", "b", "a"];
        double[] starts = [0.1, 0.0, 0.1, 0.2, 0.3, 0.9, 1.0, 0.0, 1.1]; // recording a jumps from 0.3 s to 0.9 s
        var sequences = WindowSequences.Build(groups, starts, length: 3, gapFactor: 1.5);
        var expected = new[] { new[] { 1, 2, 3 }, [4], [5, 6, 8], [7, 0] };
        Assert.AreEqual(expected.Length, sequences.Count);
        for (int i = 0; i < expected.Length; i++) CollectionAssert.AreEqual(expected[i], sequences[i], $"sequence {i}");
    }

    [TestMethod]
    public void DuplicateOrNonFiniteWindowTimesAreRefusedNamingRecordingAndRows()
    {
        var error = Assert.ThrowsExactly<InvalidDataException>(() => WindowSequences.Build(["a", "a", "b", "a"], [0.0, 0.1, 0.0, 0.1], length: 3, gapFactor: 1.5));
        StringAssert.Contains(error.Message, "Recording 'a', rows 1 and 3: both windows start at 0.1 s");
        error = Assert.ThrowsExactly<InvalidDataException>(() => WindowSequences.Build(["a", "a"], [0.0, double.NaN], length: 3, gapFactor: 1.5));
        StringAssert.Contains(error.Message, "Recording 'a', row 1");

        // Through the estimator, the NaN is named by column and row.
        var mlContext = new MLContext(seed: 1);
        var rows = Data(recordings: 2, windows: 4, seed: 3);
        rows[5].WindowStartSeconds = double.NaN;
        error = Assert.ThrowsExactly<InvalidDataException>(() => new TemporalDecoderRegressorEstimator(mlContext, new TemporalDecoderRegressorOptions
        {
            TokensColumnName = "Tokens", Epochs = 1, CpuThreads = 1,
        }).Fit(mlContext.Data.LoadFromEnumerable(rows)));
        StringAssert.Contains(error.Message, "Column 'WindowStartSeconds', row 5");
    }

    // The label of window k is the running mean of a feature of token 2 since the start of its 10-window sequence:
    // it can only be estimated with the sequence's history.
    private static List<Window> Data(int recordings, int windows, int seed)
    {
        var random = new Random(seed);
        var rows = new List<Window>();
        for (int r = 0; r < recordings; r++)
        {
            double sum = 0;
            for (int k = 0; k < windows; k++)
            {
                var tokens = Enumerable.Range(0, TokenCount * Width).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
                for (int t = 0; t < TokenCount; t++) tokens[t * Width + Width - 1] = t == 2 ? 3f : 0f;
                if (k % 10 == 0) sum = 0;
                sum += tokens[2 * Width];
                rows.Add(new Window { RecordingId = $"rec-{r}", WindowStartSeconds = 0.1 * k, Tokens = tokens, Label = [(float)(sum / (k % 10 + 1))] });
            }
        }
        return rows;
    }

    [TestMethod]
    public void LearnsAHistoryDependentLabelAndScoresEveryWindowInOrder()
    {
        var mlContext = new MLContext(seed: 1);
        var train = mlContext.Data.LoadFromEnumerable(Data(48, 20, seed: 1));
        var options = new TemporalDecoderRegressorOptions
        {
            SequenceLengthWindows = 10, Epochs = 30, BatchSize = 8, LearningRate = 1e-2, EarlyStoppingPatience = 100, Seed = 3, CpuThreads = 1,
        };
        var model = new TemporalDecoderRegressorEstimator(mlContext, options).Fit(train);
        var history = model.History.Epochs;
        Assert.IsLessThan(history[0].TrainLoss * 0.5, history[^1].TrainLoss, "training loss halves");

        var testRows = Data(4, 20, seed: 2);
        var scored = model.Transform(mlContext.Data.LoadFromEnumerable(testRows));
        var scores = scored.GetColumn<float[]>("Score").ToArray();
        var ids = scored.GetColumn<string>("RecordingId").ToArray();
        Assert.AreEqual(testRows.Count, scores.Length);
        CollectionAssert.AreEqual(testRows.Select(r => r.RecordingId).ToArray(), ids, "scores come back in input row order");
        double rmse = Math.Sqrt(scores.Zip(testRows, (s, r) => Math.Pow(s[0] - r.Label[0], 2)).Average());
        double spread = Math.Sqrt(testRows.Average(r => Math.Pow(r.Label[0], 2)));
        Assert.IsLessThan(0.7 * spread, rmse, $"test RMSE {rmse:F3} against label scale {spread:F3}");
        Assert.ThrowsExactly<NotSupportedException>(() => model.GetRowToRowMapper(scored.Schema));
    }
}

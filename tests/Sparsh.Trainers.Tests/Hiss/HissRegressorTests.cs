using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Trainers.Decoders;
using Sparsh.Trainers.Hiss;
using Sparsh.Transforms.Core;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Tests.Hiss;

[TestClass]
public sealed class HissRegressorTests
{
    // Small windows keep the LSTMs fast: 5 frames of 4 taxels x 3 axes.
    private const int Frames = 5, Taxels = 4, Values = Taxels * 3, WindowsPerRecording = 10;

    public sealed class Window
    {
        public string RecordingId { get; set; } = "";
        public double WindowStartSeconds { get; set; }
        [VectorType(Frames, Taxels, 3)] public float[] Magnetic { get; set; } = [];
        [VectorType(Frames, Taxels)] public bool[] Validity { get; set; } = [];
        [VectorType(1)] public float[] Label { get; set; } = [];
    }

    // The label is the running mean, since the recording started, of taxel 1's z flux over each window's frames: it needs
    // the low level (a mean over frames) and the high level (a mean over windows).
    private static List<Window> Rows(int recordings, int seed)
    {
        var random = new Random(seed);
        var rows = new List<Window>();
        for (int r = 0; r < recordings; r++)
        {
            double sum = 0;
            for (int k = 0; k < WindowsPerRecording; k++)
            {
                var magnetic = Enumerable.Range(0, Frames * Values).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
                sum += Enumerable.Range(0, Frames).Average(f => magnetic[f * Values + 3 * 1 + 2]);
                rows.Add(new Window
                {
                    RecordingId = $"rec-{r:D2}", WindowStartSeconds = 0.1 * k, Magnetic = magnetic,
                    Validity = Enumerable.Repeat(true, Frames * Taxels).ToArray(), Label = [(float)(sum / (k + 1))],
                });
            }
        }
        return rows;
    }

    private static HissRegressorOptions Options() => new()
    {
        SequenceLengthWindows = WindowsPerRecording, ChunkHiddenSize = 16, SequenceHiddenSize = 16, Epochs = 3, BatchSize = 4,
        LearningRate = 1e-2, Seed = 3, CpuThreads = 1, ValidationFraction = 0,
    };

    private static float[] Scores(ITransformer model, MLContext mlContext, IEnumerable<Window> rows)
        => model.Transform(mlContext.Data.LoadFromEnumerable(rows.ToList())).GetColumn<float[]>("Score").Select(s => s.Single()).ToArray();

    [TestMethod]
    public void TheModelMapsChunksOfFramesToOneOutputVectorPerWindow()
    {
        random.manual_seed(1);
        using var model = new HissModel(valuesPerFrame: Values, chunkHiddenSize: 8, sequenceHiddenSize: 6, outputs: 3, [OutputActivation.None, OutputActivation.Tanh, OutputActivation.Sigmoid]);
        using var flux = randn(2, 7, Frames, Values);
        using var output = model.forward(flux, null);
        CollectionAssert.AreEqual(new long[] { 2, 7, 3 }, output.shape);
        var values = output.data<float>().ToArray();
        for (int i = 0; i < values.Length / 3; i++)
        {
            Assert.IsTrue(values[3 * i + 1] is > -1 and < 1, $"step {i}: the tanh output is in (-1, 1)");
            Assert.IsTrue(values[3 * i + 2] is > 0 and < 1, $"step {i}: the sigmoid output is in (0, 1)");
        }
        // Causal at both levels: the first three windows' outputs do not depend on the windows after them.
        using var prefix = model.forward(flux.narrow(1, 0, 3), null);
        Assert.IsTrue(prefix.allclose(output.narrow(1, 0, 3), rtol: 0, atol: 1e-6), "later windows must not change earlier outputs");
    }

    [TestMethod]
    public void LearnsAHistoryDependentTargetAndScoresHeldOutRecordingsInRowOrder()
    {
        var mlContext = new MLContext(seed: 1);
        var options = Options();
        options.Epochs = 40;
        using var model = new HissRegressorEstimator(mlContext, options).Fit(mlContext.Data.LoadFromEnumerable(Rows(24, seed: 1)));

        var losses = model.History.Epochs.Select(e => e.TrainLoss).ToArray();
        Assert.IsLessThan(0.3 * losses[0], losses[^1], $"training loss falls clearly: {string.Join(", ", losses.Select(l => l.ToString("G3")))}");
        var test = Rows(6, seed: 99);
        var scores = Scores(model, mlContext, test);
        var labels = test.Select(r => r.Label[0]).ToArray();
        double correlation = Pearson(scores, labels);
        Assert.IsGreaterThan(0.8, correlation, $"held-out predictions follow the running mean (r = {correlation:F3})");
        Assert.AreEqual(test.Count, scores.Length);
    }

    [TestMethod]
    public void SameSeedSameModelAndOtherSeedAnotherOne()
    {
        var mlContext = new MLContext(seed: 1);
        var rows = Rows(6, seed: 2);
        var data = mlContext.Data.LoadFromEnumerable(rows);
        float[] Fit(int seed)
        {
            var options = Options();
            options.Seed = seed;
            options.ValidationFraction = 0.2;
            using var model = new HissRegressorEstimator(mlContext, options).Fit(data);
            return Scores(model, mlContext, rows);
        }
        var first = Fit(7);
        CollectionAssert.AreEqual(first, Fit(7), "the same seed gives bit-identical scores");
        CollectionAssert.AreNotEqual(first, Fit(8), "another seed initialises and shuffles differently");
    }

    [TestMethod]
    public void ReportsEveryEpochAndResumesFromItsCheckpointToTheSameModel()
    {
        var mlContext = new MLContext(seed: 1);
        var rows = Rows(6, seed: 8);
        var data = mlContext.Data.LoadFromEnumerable(rows);
        string checkpoint = Path.Combine(Path.GetTempPath(), $"hiss-{Guid.NewGuid():N}.ckpt");
        try
        {
            var reports = new List<int>();
            var options = Options();
            options.Epochs = 4;
            options.ValidationFraction = 0.2;
            options.Progress = new SynchronousProgress<Sparsh.Trainers.Training.EpochReport>(r => reports.Add(r.Epoch));
            using var straight = new HissRegressorEstimator(mlContext, options).Fit(data);
            CollectionAssert.AreEqual(new[] { 1, 2, 3, 4 }, reports, "one progress report per epoch");
            Assert.IsTrue(straight.History.Epochs.All(e => double.IsFinite(e.ValidationRmse)), "validated on the held-out recording every epoch");

            options.Progress = null;
            options.CheckpointPath = checkpoint;
            options.Epochs = 2;
            new HissRegressorEstimator(mlContext, options).Fit(data).Dispose();
            options.Epochs = 4;
            using var resumed = new HissRegressorEstimator(mlContext, options).Fit(data);
            CollectionAssert.AreEqual(Scores(straight, mlContext, rows), Scores(resumed, mlContext, rows), "a resumed run replays the same batches to the same model");
        }
        finally
        {
            File.Delete(checkpoint);
        }
    }

    [TestMethod]
    public void ScoresFollowTimeNotRowOrderAndIgnoreInvalidReadings()
    {
        var mlContext = new MLContext(seed: 1);
        var rows = Rows(3, seed: 4);
        using var model = new HissRegressorEstimator(mlContext, Options()).Fit(mlContext.Data.LoadFromEnumerable(rows));

        var whole = Scores(model, mlContext, rows);
        var reversed = Scores(model, mlContext, Enumerable.Reverse(rows));
        for (int i = 0; i < whole.Length; i++)
            Assert.AreEqual(whole[i], reversed[whole.Length - 1 - i], 1e-6f, $"row {i}: sequences follow time, not row order");
        Assert.AreNotEqual(whole[0], whole[1], "scores vary across windows");

        // A reading flagged invalid is read as zero whatever it holds (a saturated or disconnected taxel).
        var masked = rows.Select(r => new Window { RecordingId = r.RecordingId, WindowStartSeconds = r.WindowStartSeconds, Magnetic = [.. r.Magnetic], Validity = [.. r.Validity], Label = r.Label }).ToList();
        var zeroed = masked.Select(r => new Window { RecordingId = r.RecordingId, WindowStartSeconds = r.WindowStartSeconds, Magnetic = [.. r.Magnetic], Validity = [.. r.Validity], Label = r.Label }).ToList();
        masked[4].Validity[2 * Taxels + 3] = false;
        masked[4].Magnetic.AsSpan((2 * Taxels + 3) * 3, 3).Fill(500f);
        zeroed[4].Magnetic.AsSpan((2 * Taxels + 3) * 3, 3).Clear();
        CollectionAssert.AreEqual(Scores(model, mlContext, zeroed), Scores(model, mlContext, masked));
    }

    [TestMethod]
    public void BadInputNamesTheColumnAndWhatWasExpected()
    {
        var mlContext = new MLContext(seed: 1);
        var data = mlContext.Data.LoadFromEnumerable(Rows(2, seed: 5));

        var missing = Options();
        missing.MagneticColumnName = "Flux";
        var noFlux = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new HissRegressorEstimator(mlContext, missing).Fit(data));
        StringAssert.Contains(noFlux.Message, "'Flux'");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new HissRegressorEstimator(mlContext, missing).GetOutputSchema(SchemaShapes.FromSchema(data.Schema)));

        var wrongLabel = Options();
        wrongLabel.OutputActivations = [OutputActivation.Tanh, OutputActivation.Tanh];
        var activations = Assert.ThrowsExactly<ArgumentException>(() => new HissRegressorEstimator(mlContext, wrongLabel).Fit(data));
        StringAssert.Contains(activations.Message, "'Label' has 1 values per row");

        var twice = Rows(1, seed: 6);
        twice[3].WindowStartSeconds = twice[2].WindowStartSeconds;
        var duplicated = Assert.ThrowsExactly<InvalidDataException>(() => new HissRegressorEstimator(mlContext, Options()).Fit(mlContext.Data.LoadFromEnumerable(twice)));
        StringAssert.Contains(duplicated.Message, "rec-00");

        var zeroHidden = Options();
        zeroHidden.ChunkHiddenSize = 0;
        var hidden = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new HissRegressorEstimator(mlContext, zeroHidden));
        Assert.AreEqual(nameof(HissRegressorOptions.ChunkHiddenSize), hidden.ParamName);

        using var model = new HissRegressorEstimator(mlContext, Options()).Fit(data);
        var otherShape = mlContext.Data.LoadFromEnumerable(new[] { new Wide() });
        var shape = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => model.Transform(otherShape));
        StringAssert.Contains(shape.Message, "trained on 5 frames of 12");
        Assert.ThrowsExactly<NotSupportedException>(() => model.GetRowToRowMapper(data.Schema));
    }

    public sealed class Wide
    {
        public string RecordingId { get; set; } = "a";
        public double WindowStartSeconds { get; set; }
        [VectorType(Frames, Taxels + 1, 3)] public float[] Magnetic { get; set; } = new float[Frames * (Taxels + 1) * 3];
    }

    private static double Pearson(IReadOnlyList<float> a, IReadOnlyList<float> b)
    {
        double ma = a.Average(), mb = b.Average(), sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.Count; i++)
        {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.Sqrt(saa * sbb);
    }
}

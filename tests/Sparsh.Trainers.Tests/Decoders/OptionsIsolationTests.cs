using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Trainers.Decoders;
using Sparsh.Trainers.LinearProbe;
using Sparsh.Trainers.Pretraining;
using Sparsh.Transforms.Xela;

namespace Sparsh.Trainers.Tests.Decoders;

/// <summary>
/// Decoder estimators copy and validate their options once, so a fitted decoder scores the same however the options object
/// is changed afterwards; decoder transformers dispose the modules they own, once.
/// </summary>
[TestClass]
public sealed class OptionsIsolationTests
{
    private const int TokenCount = 5, Width = 8;

    public sealed class Window
    {
        public string RecordingId { get; set; } = "";
        public double WindowStartSeconds { get; set; }
        [VectorType(TokenCount, Width)] public float[] Tokens { get; set; } = [];
        [VectorType(2)] public float[] Label { get; set; } = [];
    }

    // Four recordings of 12 windows; the label reads token 2.
    private static IDataView Data(MLContext mlContext)
    {
        var random = new Random(7);
        var rows = new List<Window>();
        for (int r = 0; r < 4; r++)
            for (int k = 0; k < 12; k++)
            {
                var tokens = Enumerable.Range(0, TokenCount * Width).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
                rows.Add(new Window { RecordingId = $"rec-{r}", WindowStartSeconds = 0.1 * k, Tokens = tokens, Label = [tokens[2 * Width], -tokens[2 * Width + 1]] });
            }
        return mlContext.Data.LoadFromEnumerable(rows);
    }

    private static AttentivePoolerRegressorOptions PoolerOptions() => new()
    {
        Epochs = 2, BatchSize = 8, HiddenWidth = 4, Seed = 3, CpuThreads = 1, ValidationFraction = 0.25,
        OutputActivations = [OutputActivation.None, OutputActivation.None],
    };

    private static TemporalDecoderRegressorOptions TemporalOptions() => new()
    {
        Epochs = 2, BatchSize = 2, SequenceLengthWindows = 6, Seed = 3, CpuThreads = 1, ValidationFraction = 0.25,
    };

    private static int[][] Scores(ITransformer model, IDataView data)
        => model.Transform(data).GetColumn<float[]>("Score").Select(row => row.Select(BitConverter.SingleToInt32Bits).ToArray()).ToArray();

    private static void AssertBitIdentical(int[][] expected, int[][] actual, string what)
    {
        Assert.HasCount(expected.Length, actual, what);
        for (int r = 0; r < expected.Length; r++) CollectionAssert.AreEqual(expected[r], actual[r], $"{what}, row {r}");
    }

    [TestMethod]
    public void AttentivePoolerScoresTheSameAfterItsOptionsChange()
    {
        var mlContext = new MLContext(seed: 1);
        var data = Data(mlContext);
        var options = PoolerOptions();
        var estimator = new AttentivePoolerRegressorEstimator(mlContext, options);

        // Changed between construction and Fit: the estimator trains with the options it was given.
        options.Epochs = 7;
        options.Seed = 99;
        options.OutputActivations![0] = OutputActivation.Relu;
        using var model = estimator.Fit(data);
        using var reference = new AttentivePoolerRegressorEstimator(mlContext, PoolerOptions()).Fit(data);
        var before = Scores(model, data);
        AssertBitIdentical(Scores(reference, data), before, "trained after changing the options");
        Assert.HasCount(2, model.History.Epochs);

        // Changed after Fit: the fitted model keeps its own copy.
        options.Mode = DecoderMode.EndToEnd;
        options.TokensColumnName = "Missing";
        options.ScoreColumnName = "Changed";
        options.OutputActivations[1] = OutputActivation.Tanh;
        Assert.AreEqual(DecoderMode.Frozen, model.Mode);
        AssertBitIdentical(before, Scores(model, data), "scored after changing the options");
    }

    [TestMethod]
    public void TemporalDecoderScoresTheSameAfterItsOptionsChange()
    {
        var mlContext = new MLContext(seed: 1);
        var data = Data(mlContext);
        var options = TemporalOptions();
        using var model = new TemporalDecoderRegressorEstimator(mlContext, options).Fit(data);
        var before = Scores(model, data);

        // Sequences are cut again at every Transform, from the options: the transformer's copy must not follow these.
        options.SequenceLengthWindows = 2;
        options.GapFactor = 0.5;
        options.ScoreColumnName = "Changed";
        options.WindowStartColumnName = "Missing";
        AssertBitIdentical(before, Scores(model, data), "scored after changing the options");
    }

    [TestMethod]
    public void DecoderTransformersDisposeTheirModulesOnce()
    {
        var mlContext = new MLContext(seed: 1);
        var data = Data(mlContext);
        var pooler = new AttentivePoolerRegressorEstimator(mlContext, PoolerOptions()).Fit(data);
        var poolerParameters = pooler.Decoder.parameters().ToList();
        pooler.Dispose();
        pooler.Dispose();
        Assert.IsTrue(poolerParameters.All(p => p.IsInvalid), "the decoder's parameters are freed");
        Assert.ThrowsExactly<ObjectDisposedException>(() => pooler.Transform(data));

        var temporal = new TemporalDecoderRegressorEstimator(mlContext, TemporalOptions()).Fit(data);
        var temporalParameters = temporal.Decoder.parameters().ToList();
        temporal.Dispose();
        temporal.Dispose();
        Assert.IsTrue(temporalParameters.All(p => p.IsInvalid), "the decoder's parameters are freed");
        Assert.ThrowsExactly<ObjectDisposedException>(() => temporal.Transform(data));
    }

    public sealed class EncoderWindow
    {
        public string RecordingId { get; set; } = "";
        [VectorType(10, XelaSkin.TaxelCount, 3)] public float[] Magnetic { get; set; } = [];
        [VectorType(10, XelaSkin.TaxelCount, 3)] public float[] TaxelPositions { get; set; } = [];
        [VectorType(1)] public float[] Label { get; set; } = [];
    }

    [TestMethod]
    public void AFineTunedDecoderDisposesItsOwnEncoderCopyButNotThePretrainedEncoder()
    {
        var mlContext = new MLContext(seed: 1);
        var random = new Random(5);
        var positions = Enumerable.Range(0, 10 * XelaSkin.ValuesPerFrame).Select(i => (float)(0.001 * (i % 97))).ToArray();
        var data = mlContext.Data.LoadFromEnumerable(Enumerable.Range(0, 8).Select(w => new EncoderWindow
        {
            RecordingId = $"rec-{w % 4}", TaxelPositions = positions, Label = [(float)random.NextDouble()],
            Magnetic = Enumerable.Range(0, 10 * XelaSkin.ValuesPerFrame).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray(),
        }).ToList());
        using var pretrained = DecoderModesTests.PretrainedStandIn();
        var model = new AttentivePoolerRegressorEstimator(mlContext, new AttentivePoolerRegressorOptions
        {
            Mode = DecoderMode.FineTune, Encoder = pretrained, Epochs = 1, BatchSize = 4, Seed = 5, CpuThreads = 1, ValidationFraction = 0,
        }).Fit(data);
        var owned = model.Encoder!.parameters().Concat(model.Decoder.parameters()).ToList();

        model.Dispose();
        model.Dispose();
        Assert.IsTrue(owned.All(p => p.IsInvalid), "the trained encoder copy and decoder are freed");
        Assert.IsFalse(pretrained.parameters().Any(p => p.IsInvalid), "the pretrained encoder belongs to the caller");
    }

    [TestMethod]
    public void NullOptionsAndNullInputsAreRefused()
    {
        var mlContext = new MLContext(seed: 1);
        Assert.ThrowsExactly<ArgumentNullException>(() => new AttentivePoolerRegressorEstimator(mlContext, null!));
        Assert.ThrowsExactly<ArgumentNullException>(() => new TemporalDecoderRegressorEstimator(mlContext, null!));
        Assert.ThrowsExactly<ArgumentNullException>(() => new LinearProbeEstimator(mlContext, null!));
        Assert.ThrowsExactly<ArgumentNullException>(() => new SparshPretrainingEstimator(mlContext, null!));
        Assert.ThrowsExactly<ArgumentNullException>(() => new AttentivePoolerRegressorEstimator(null!, PoolerOptions()));
        Assert.ThrowsExactly<ArgumentNullException>(() => new AttentivePoolerRegressorEstimator(mlContext, PoolerOptions()).Fit(null!));
        Assert.ThrowsExactly<ArgumentNullException>(() => new TemporalDecoderRegressorEstimator(mlContext, TemporalOptions()).GetOutputSchema(null!));
    }

    [TestMethod]
    public void AnInvalidOptionIsNamedInOneMessageStyle()
    {
        var mlContext = new MLContext(seed: 1);
        var options = PoolerOptions();
        options.BatchSize = 0;
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new AttentivePoolerRegressorEstimator(mlContext, options));
        Assert.AreEqual(nameof(AttentivePoolerRegressorOptions.BatchSize), error.ParamName);
        StringAssert.StartsWith(error.Message, "BatchSize must be at least 1, got 0.");

        var temporal = TemporalOptions();
        temporal.SequenceLengthWindows = 0;
        error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new TemporalDecoderRegressorEstimator(mlContext, temporal));
        Assert.AreEqual(nameof(TemporalDecoderRegressorOptions.SequenceLengthWindows), error.ParamName);
        StringAssert.StartsWith(error.Message, "SequenceLengthWindows must be at least 1, got 0.");

        error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new LinearProbeEstimator(mlContext, new LinearProbeOptions { L2Regularization = 0 }));
        Assert.AreEqual(nameof(LinearProbeOptions.L2Regularization), error.ParamName);
        StringAssert.StartsWith(error.Message, "L2Regularization must be positive and finite, got 0.");
    }
}

using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Trainers.Encoder;
using Sparsh.Trainers.Masking;
using Sparsh.Trainers.Pretraining;
using TorchSharp;

namespace Sparsh.Trainers.Tests.Pretraining;

[TestClass]
public sealed class PretrainingRunTests
{
    public TestContext TestContext { get; set; } = null!;

    // Reports synchronously on the training thread (Progress<T> would post to a thread pool).
    private sealed class Recorder(Action<SparshPretrainingProgress>? onReport = null) : IProgress<SparshPretrainingProgress>
    {
        public List<SparshPretrainingProgress> Reports { get; } = [];

        public void Report(SparshPretrainingProgress value)
        {
            Reports.Add(value);
            onReport?.Invoke(value);
        }
    }

    private static SparshPretrainingOptions Tiny(int epochs, int batch) => new()
    {
        Encoder = SparshSkinEncoderConfig.ForSize(SparshSkinEncoderSize.Micro) with { DropPathRate = 0.1 },
        Epochs = epochs,
        BatchSize = batch,
        LearningRate = 1e-3,
        WarmupEpochs = 1,
        TeacherTemperatureWarmupEpochs = 1,
        TeacherMomentumStart = 0.99,
        Masking = new BlockMaskingOptions { LocalViews = 2 },
        SelfDistillation = new SelfDistillationSettings { Prototypes = 64, HeadHiddenDim = 64, HeadBottleneckDim = 32 },
        // One thread: on a shared 2-core machine two OpenMP threads spin-wait for each other.
        CpuThreads = 1,
        LogEverySteps = 1,
    };

    private string TempPath(string name) => Path.Combine(TestContext.TestRunResultsDirectory ?? Path.GetTempPath(), $"{name}-{Guid.NewGuid():N}.ckpt");

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public void SelfDistillationLossFallsAndTheRepresentationDoesNotCollapse()
    {
        var mlContext = new MLContext(seed: 1);
        var training = SyntheticWindows.Create(mlContext, 64, seed: 1);
        var validation = SyntheticWindows.Create(mlContext, 16, seed: 2);
        var recorder = new Recorder();
        var options = SparshPretrainingOptions.Cpu();
        options.Epochs = 8;
        options.Masking = options.Masking with { LocalViews = 2 };
        options.SelfDistillation = options.SelfDistillation with { Prototypes = 16 };
        // The recipe's teacher temperatures: in this 32-step run on blobs they separate windows, the preset's sharper
        // 0.02 -> 0.04 (chosen on simulated play, docs/results.md) does not within 32 steps.
        options.TeacherTemperatureStart = 0.04;
        options.TeacherTemperatureEnd = 0.07;
        options.CpuThreads = 1;
        options.LogEverySteps = 1;
        options.ValidationData = validation;
        options.Progress = recorder;

        using var transformer = new SparshPretrainingEstimator(mlContext, options).Fit(training);

        var reports = recorder.Reports;
        Assert.AreEqual(32, reports[^1].Step);
        double first = reports.Take(5).Average(r => r.Loss), last = reports.TakeLast(5).Average(r => r.Loss);
        double firstSpread = reports.Take(5).Average(r => r.Terms["logit_std"]), lastSpread = reports.TakeLast(5).Average(r => r.Terms["logit_std"]);
        double entropy = reports.TakeLast(5).Average(r => r.TeacherEntropy);
        TestContext.WriteLine($"loss {first:F3} -> {last:F3}; teacher logit spread {firstSpread:F4} -> {lastSpread:F4}; teacher entropy {entropy:F3}; validation " +
            string.Join(", ", reports.Where(r => r.ValidationLoss.HasValue).Select(r => r.ValidationLoss!.Value.ToString("F3"))));
        Assert.IsTrue(last < 0.9 * first, $"loss should fall: {first:F3} -> {last:F3}");
        var validationLosses = reports.Where(r => r.ValidationLoss.HasValue).Select(r => r.ValidationLoss!.Value).ToList();
        Assert.AreEqual(8, validationLosses.Count, "one validation per epoch");
        Assert.IsTrue(validationLosses[^1] < 0.9 * validationLosses[0], $"validation loss should fall: {validationLosses[0]:F3} -> {validationLosses[^1]:F3}");
        // The teacher tells windows apart more and more (its prototype logits spread across the batch) ...
        Assert.IsTrue(lastSpread > 3 * firstSpread, $"teacher logit spread {firstSpread:F4} -> {lastSpread:F4}");
        // ... without collapsing onto one prototype (entropy 0; uniform would be ln 16 = 2.77).
        Assert.IsTrue(entropy > 0.5, $"teacher entropy {entropy:F3}");
        Assert.IsTrue(reports.All(r => r.SamplesPerSecond > 0 && r.LearningRate > 0));
        CollectionAssert.IsSubsetOf(new[] { "dino", "ibot", "koleo" }, reports[^1].Terms.Keys.ToArray());

        // Different windows get different embeddings: the spread across windows stays well above zero.
        var embedded = transformer.Transform(validation);
        var embeddings = embedded.GetColumn<VBuffer<float>>("Embedding").Select(v => v.DenseValues().ToArray()).ToArray();
        double std = Enumerable.Range(0, 32).Average(d => StdDev(embeddings.Select(e => (double)e[d])));
        Assert.AreEqual(16, embeddings.Length);
        TestContext.WriteLine($"embedding std across windows {std:F3}");
        Assert.IsTrue(std > 0.05, $"embedding std {std:F4}");
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public void ResumedRunEndsWithTheSameWeightsAsAnUninterruptedRun()
    {
        var mlContext = new MLContext(seed: 1);
        var windows = SyntheticWindows.Create(mlContext, 24, seed: 3);
        var uninterrupted = Tiny(epochs: 2, batch: 6);
        using var reference = new SparshPretrainingEstimator(mlContext, uninterrupted).Fit(windows);

        string path = TempPath("resume");
        using var cancel = new CancellationTokenSource();
        var interrupted = Tiny(epochs: 2, batch: 6);
        interrupted.CheckpointPath = path;
        interrupted.CheckpointEverySteps = 2;
        interrupted.CancellationToken = cancel.Token;
        interrupted.Progress = new Recorder(r => { if (r.Step == 5) cancel.Cancel(); });
        Assert.ThrowsExactly<OperationCanceledException>(() => new SparshPretrainingEstimator(mlContext, interrupted).Fit(windows));
        Assert.AreEqual(5, PretrainingCheckpoint.ReadHeader(path).State.Step, "cancellation checkpoints the step reached");

        var resumed = Tiny(epochs: 2, batch: 6);
        resumed.CheckpointPath = path;
        resumed.Resume = true;
        var recorder = new Recorder();
        resumed.Progress = recorder;
        using var result = new SparshPretrainingEstimator(mlContext, resumed).Fit(windows);
        Assert.AreEqual(6, recorder.Reports[0].Step, "resume continues after the checkpointed step");
        Assert.AreEqual(8, PretrainingCheckpoint.ReadHeader(path).State.Step);

        var expected = reference.Encoder.state_dict();
        foreach (var (name, tensor) in result.Encoder.state_dict())
            Assert.IsTrue(tensor.eq(expected[name]).all().item<bool>(), $"{name} differs after resume");
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public void CancellationWritesACheckpointThatLoadsAsAnEncoder()
    {
        var mlContext = new MLContext(seed: 1);
        var windows = SyntheticWindows.Create(mlContext, 12, seed: 4);
        string path = TempPath("cancel");
        using var cancel = new CancellationTokenSource();
        var options = Tiny(epochs: 10, batch: 6);
        options.CheckpointPath = path;
        options.CancellationToken = cancel.Token;
        options.Progress = new Recorder(r => { if (r.Step == 2) cancel.Cancel(); });
        Assert.ThrowsExactly<OperationCanceledException>(() => new SparshPretrainingEstimator(mlContext, options).Fit(windows));

        Assert.IsTrue(File.Exists(path));
        Assert.IsFalse(File.Exists(path + ".tmp"));
        var (config, state) = PretrainingCheckpoint.ReadHeader(path);
        Assert.AreEqual((2L, 20L, 2L, 1, "SelfDistillation"), (state.Step, state.TotalSteps, state.StepsPerEpoch, state.Seed, state.Objective));
        Assert.AreEqual(32, config.EmbeddingDim);
        CollectionAssert.AreEqual(options.Encoder.TaxelTypes, config.TaxelTypes);

        using var loaded = SparshSkinEncoderTransformer.Load(path);
        var output = loaded.Transform(windows);
        var tokens = output.GetColumn<VBuffer<float>>("Tokens").First();
        var embedding = output.GetColumn<VBuffer<float>>("Embedding").First();
        Assert.AreEqual(369 * 32, tokens.Length);
        CollectionAssert.AreEqual(embedding.DenseValues().ToArray(), tokens.DenseValues().Take(32).ToArray(), "Embedding is the first (global) token");
        var type = (VectorDataViewType)output.Schema["Tokens"].Type;
        CollectionAssert.AreEqual(new[] { 369, 32 }, type.Dimensions.ToArray());
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public void MaskedAutoencoderBaselineLearnsToReconstruct()
    {
        var mlContext = new MLContext(seed: 1);
        var windows = SyntheticWindows.Create(mlContext, 48, seed: 5);
        var recorder = new Recorder();
        var options = Tiny(epochs: 8, batch: 8);
        options.Objective = SparshPretrainingObjective.MaskedAutoencoder;
        options.Progress = recorder;
        using var transformer = new SparshPretrainingEstimator(mlContext, options).Fit(windows);
        double first = recorder.Reports.Take(3).Average(r => r.Terms["mae"]), last = recorder.Reports.TakeLast(3).Average(r => r.Terms["mae"]);
        TestContext.WriteLine($"mae {first:F4} -> {last:F4}");
        Assert.IsTrue(last < 0.8 * first, $"reconstruction error should fall: {first:F4} -> {last:F4}");
        Assert.IsTrue(double.IsNaN(recorder.Reports[^1].TeacherEntropy));
    }

    [TestMethod]
    public void NoneObjectiveIsTheSeededRandomInitialisation()
    {
        var mlContext = new MLContext(seed: 1);
        var windows = SyntheticWindows.Create(mlContext, 4, seed: 6);
        var options = Tiny(epochs: 1, batch: 2);
        options.Objective = SparshPretrainingObjective.None;
        using var a = new SparshPretrainingEstimator(mlContext, options).Fit(windows);
        torch.random.manual_seed(options.Seed);
        using var fresh = new SparshSkinEncoder(options.Encoder);
        var expected = fresh.state_dict();
        foreach (var (name, tensor) in a.Encoder.state_dict())
            Assert.IsTrue(tensor.eq(expected[name]).all().item<bool>(), name);
    }

    [TestMethod]
    public void InvalidTaxelsDoNotChangeTheEmbedding()
    {
        var mlContext = new MLContext(seed: 1);
        var options = Tiny(epochs: 1, batch: 2);
        options.Objective = SparshPretrainingObjective.None;
        var clean = SyntheticWindows.Create(mlContext, 2, seed: 7, invalidTaxel: 100);
        using var transformer = new SparshPretrainingEstimator(mlContext, options).Fit(clean);
        var rows = SyntheticWindows.Rows(2, seed: 7, invalidTaxel: 100).ToList();
        foreach (var row in rows)
            for (int f = 0; f < 10; f++) row.Magnetic[(f * 368 + 100) * 3 + 2] = 55f; // garbage on the invalid taxel
        var garbage = mlContext.Data.LoadFromEnumerable(rows);
        var a = transformer.Transform(clean).GetColumn<VBuffer<float>>("Embedding").Select(v => v.DenseValues().ToArray()).ToList();
        var b = transformer.Transform(garbage).GetColumn<VBuffer<float>>("Embedding").Select(v => v.DenseValues().ToArray()).ToList();
        for (int i = 0; i < 2; i++)
            for (int d = 0; d < 32; d++) Assert.AreEqual(a[i][d], b[i][d], 1e-5f);
    }

    [TestMethod]
    public void OutputSchemaAndInputChecksNameTheColumns()
    {
        var mlContext = new MLContext(seed: 1);
        var windows = SyntheticWindows.Create(mlContext, 2, seed: 8);
        var estimator = new SparshPretrainingEstimator(mlContext, Tiny(1, 2));
        var shape = estimator.GetOutputSchema(Sparsh.Transforms.Core.SchemaShapes.FromSchema(windows.Schema));
        Assert.IsTrue(shape.Any(c => c.Name == "Embedding") && shape.Any(c => c.Name == "Tokens"));

        var options = Tiny(1, 2);
        options.Columns = options.Columns with { TaxelPositionsColumnName = "Positions" };
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new SparshPretrainingEstimator(mlContext, options).Fit(windows));
        StringAssert.Contains(error.Message, "'Positions'");
    }

    private static double StdDev(IEnumerable<double> values)
    {
        var list = values.ToList();
        double mean = list.Average();
        return Math.Sqrt(list.Sum(v => (v - mean) * (v - mean)) / list.Count);
    }
}

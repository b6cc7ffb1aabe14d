using Microsoft.ML;
using Sparsh.Trainers.Encoder;
using Sparsh.Trainers.Masking;
using Sparsh.Trainers.Pretraining;
using Sparsh.Transforms.Hand;
using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Tests.Pretraining;

[TestClass]
public sealed class ByolPretrainingTests
{
    public TestContext TestContext { get; set; } = null!;

    private sealed class Recorder(Action<SparshPretrainingProgress>? onReport = null) : IProgress<SparshPretrainingProgress>
    {
        public List<SparshPretrainingProgress> Reports { get; } = [];

        public void Report(SparshPretrainingProgress value)
        {
            Reports.Add(value);
            onReport?.Invoke(value);
        }
    }

    private static readonly ByolSettings SmallHeads = new() { ProjectorHiddenDim = 64, ProjectionDim = 32, PredictorHiddenDim = 64 };

    private static SparshPretrainingOptions Tiny(int epochs, int batch) => new()
    {
        Objective = SparshPretrainingObjective.Byol,
        Encoder = SparshSkinEncoderConfig.ForSize(SparshSkinEncoderSize.Micro) with { DropPathRate = 0.1 },
        Epochs = epochs,
        BatchSize = batch,
        LearningRate = 1e-3,
        WarmupEpochs = 1,
        TeacherMomentumStart = 0.99,
        Masking = new BlockMaskingOptions { LocalViews = 2 },
        Byol = SmallHeads,
        // One thread: on a shared 2-core machine two OpenMP threads spin-wait for each other.
        CpuThreads = 1,
        LogEverySteps = 1,
    };

    private string TempPath(string name) => Path.Combine(TestContext.TestRunResultsDirectory ?? Path.GetTempPath(), $"{name}-{Guid.NewGuid():N}.ckpt");

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public void TargetStartsAsTheOnlineNetworkAndThenFollowsItsMovingAverage()
    {
        torch.set_num_threads(1);
        using var scope = NewDisposeScope();
        torch.random.manual_seed(5);
        var config = SparshSkinEncoderConfig.ForSize(SparshSkinEncoderSize.Micro);
        using var model = new ByolModel(config, new BlockMasking(TaxelNeighbourhood.FromHand(HandModel.AllegroXela), new BlockMaskingOptions { LocalViews = 1 }), SmallHeads);
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter);
        var targetNames = parameters.Keys.Where(n => n.StartsWith("target", StringComparison.Ordinal)).ToList();
        // Encoder and projector are averaged; the predictor has no target copy.
        Assert.AreEqual(parameters.Keys.Count(n => n.StartsWith("online", StringComparison.Ordinal)), targetNames.Count);
        Assert.IsTrue(targetNames.Count > 20);
        foreach (var name in targetNames)
        {
            Assert.IsTrue(Same(parameters[name], parameters[Online(name)]), $"{name} starts as the online weights");
            Assert.IsFalse(parameters[name].requires_grad, $"{name} is not trained");
        }
        CollectionAssert.AreEquivalent(parameters.Keys.Except(targetNames).ToList(), model.TrainableParameters.Select(p => p.Name).ToList());

        var windows = WindowSet.Read(SyntheticWindows.Create(new MLContext(seed: 1), 6, seed: 9), config, new SparshSkinEncoderColumns());
        using var optimizer = new ScheduledAdamW(model.TrainableParameters.Select(p => p.Parameter), []);
        var before = targetNames.ToDictionary(n => n, n => parameters[n].detach().clone());
        var predictorNames = parameters.Keys.Where(n => n.StartsWith("predictor", StringComparison.Ordinal)).ToList();
        var predictorBefore = predictorNames.ToDictionary(n => n, n => parameters[n].detach().clone());
        model.train();
        var losses = model.Losses(windows.Batch([0, 1, 2, 3, 4, 5], CPU), new PretrainingStepContext(new Random(3), 0.04, Training: true));
        Assert.IsTrue(losses.Total.item<float>() is > 0 and < 4, $"2 - 2 cos lies in [0, 4], got {losses.Total.item<float>()}");
        optimizer.ZeroGrad();
        losses.Total.backward();
        optimizer.Step(learningRate: 1e-2, weightDecay: 0);
        model.AfterOptimizerStep(0.9);

        int moved = 0;
        foreach (var name in targetNames)
        {
            var online = parameters[Online(name)];
            if (!Same(online, before[name])) moved++;
            var expected = before[name] * 0.9 + online * 0.1;
            Assert.IsTrue(parameters[name].allclose(expected, rtol: 1e-5, atol: 1e-7), $"{name} = 0.9 target + 0.1 online");
        }
        Assert.IsTrue(moved > targetNames.Count / 2, $"the step moved {moved} of {targetNames.Count} online tensors");
        Assert.IsTrue(predictorNames.Count > 0 && predictorNames.All(n => !Same(parameters[n], predictorBefore[n])), "the predictor is trained");
        Assert.AreSame(model.Online, model.InferenceEncoder, "BYOL keeps the online encoder");
    }

    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    private static string Online(string targetName) => "online" + targetName["target".Length..];

    [TestMethod]
    [Timeout(90_000, CooperativeCancellation = true)]
    public void LossFallsWithoutCollapseOnSyntheticWindows()
    {
        var mlContext = new MLContext(seed: 1);
        var training = SyntheticWindows.Create(mlContext, 48, seed: 1);
        var validation = SyntheticWindows.Create(mlContext, 16, seed: 2);
        var recorder = new Recorder();
        var options = Tiny(epochs: 6, batch: 8);
        options.ValidationData = validation;
        options.Progress = recorder;
        using var transformer = new SparshPretrainingEstimator(mlContext, options).Fit(training);

        var reports = recorder.Reports;
        Assert.AreEqual(36, reports[^1].Step);
        double first = reports.Take(4).Average(r => r.Terms["byol"]), last = reports.TakeLast(4).Average(r => r.Terms["byol"]);
        double spread = reports.TakeLast(4).Average(r => r.Terms["target_std"]);
        var validationLosses = reports.Where(r => r.ValidationLoss.HasValue).Select(r => r.ValidationLoss!.Value).ToList();
        TestContext.WriteLine($"byol {first:F4} -> {last:F4}; target spread {reports.Take(4).Average(r => r.Terms["target_std"]):F3} -> {spread:F3}; validation " +
            string.Join(", ", validationLosses.Select(v => v.ToString("F4"))));
        Assert.IsTrue(last < 0.7 * first, $"loss should fall: {first:F4} -> {last:F4}");
        Assert.AreEqual(6, validationLosses.Count, "one validation per epoch");
        Assert.IsTrue(validationLosses[^1] < validationLosses[0], $"validation loss should fall: {validationLosses[0]:F4} -> {validationLosses[^1]:F4}");
        // Collapse would put every window's target projection on one point (spread 0).
        Assert.IsTrue(spread > 0.1, $"target projections spread {spread:F3}");
        Assert.IsTrue(reports.All(r => double.IsNaN(r.TeacherEntropy) && r.SamplesPerSecond > 0));
        CollectionAssert.AreEquivalent(new[] { "byol", "target_std", "online_std" }, reports[^1].Terms.Keys.ToArray());
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public void ResumedRunEndsWithTheSameWeightsAsAnUninterruptedRun()
    {
        var mlContext = new MLContext(seed: 1);
        var windows = SyntheticWindows.Create(mlContext, 24, seed: 3);
        using var reference = new SparshPretrainingEstimator(mlContext, Tiny(epochs: 2, batch: 6)).Fit(windows);

        string path = TempPath("byol-resume");
        using var cancel = new CancellationTokenSource();
        var interrupted = Tiny(epochs: 2, batch: 6);
        interrupted.CheckpointPath = path;
        interrupted.CheckpointEverySteps = 2;
        interrupted.CancellationToken = cancel.Token;
        interrupted.Progress = new Recorder(r => { if (r.Step == 5) cancel.Cancel(); });
        Assert.ThrowsExactly<OperationCanceledException>(() => new SparshPretrainingEstimator(mlContext, interrupted).Fit(windows));
        var (_, state) = PretrainingCheckpoint.ReadHeader(path);
        Assert.AreEqual((5L, "Byol"), (state.Step, state.Objective));

        var resumed = Tiny(epochs: 2, batch: 6);
        resumed.CheckpointPath = path;
        resumed.Resume = true;
        var recorder = new Recorder();
        resumed.Progress = recorder;
        using var result = new SparshPretrainingEstimator(mlContext, resumed).Fit(windows);
        Assert.AreEqual(6, recorder.Reports[0].Step, "resume continues after the checkpointed step");

        var expected = reference.Encoder.state_dict();
        foreach (var (name, tensor) in result.Encoder.state_dict())
            Assert.IsTrue(tensor.eq(expected[name]).all().item<bool>(), $"{name} differs after resume");
        // The checkpoint's encoder section is the online encoder that Fit returned.
        using var loaded = PretrainingCheckpoint.LoadEncoder(path);
        foreach (var (name, tensor) in loaded.state_dict())
            Assert.IsTrue(tensor.eq(expected[name]).all().item<bool>(), $"{name} of the checkpoint's encoder");

        // A self-distillation run refuses the BYOL checkpoint.
        var other = Tiny(epochs: 2, batch: 6);
        other.Objective = SparshPretrainingObjective.SelfDistillation;
        other.SelfDistillation = new SelfDistillationSettings { Prototypes = 16, HeadHiddenDim = 32, HeadBottleneckDim = 16 };
        other.CheckpointPath = path;
        other.Resume = true;
        Assert.ThrowsExactly<InvalidDataException>(() => new SparshPretrainingEstimator(mlContext, other).Fit(windows));
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public void TheSameSeedGivesTheSameNumbersAndAnotherSeedOthers()
    {
        var mlContext = new MLContext(seed: 1);
        var windows = SyntheticWindows.Create(mlContext, 12, seed: 4);
        (List<double> Losses, SparshSkinEncoder Encoder) Run(int seed)
        {
            var recorder = new Recorder();
            var options = Tiny(epochs: 2, batch: 4);
            options.Seed = seed;
            options.Progress = recorder;
            var encoder = new SparshPretrainingEstimator(mlContext, options).Fit(windows).Encoder;
            return (recorder.Reports.Select(r => r.Loss).ToList(), encoder);
        }
        var a = Run(7);
        var b = Run(7);
        var c = Run(8);
        Assert.AreEqual(6, a.Losses.Count);
        CollectionAssert.AreEqual(a.Losses, b.Losses);
        CollectionAssert.AreNotEqual(a.Losses, c.Losses);
        var other = b.Encoder.state_dict();
        foreach (var (name, tensor) in a.Encoder.state_dict())
            Assert.IsTrue(Same(tensor, other[name]), $"{name} differs between two runs of seed 7");
        Assert.IsFalse(Same(a.Encoder.state_dict()["patch_embed.weight"], c.Encoder.state_dict()["patch_embed.weight"]));
    }

    [TestMethod]
    public void OneViewOrAnEmptyHeadIsRefusedNamingTheOption()
    {
        var options = SparshPretrainingOptions.Cpu();
        options.Objective = SparshPretrainingObjective.Byol;
        options.Validate();
        options.Masking = options.Masking with { GlobalViews = 1, LocalViews = 0 };
        var views = Assert.ThrowsExactly<ArgumentException>(options.Validate);
        StringAssert.Contains(views.Message, "Byol needs at least two views");
        StringAssert.Contains(views.Message, "GlobalViews = 1");

        options = SparshPretrainingOptions.Cpu();
        options.Objective = SparshPretrainingObjective.Byol;
        options.Byol = options.Byol with { ProjectionDim = 0 };
        var head = Assert.ThrowsExactly<ArgumentOutOfRangeException>(options.Validate);
        StringAssert.Contains(head.Message, "Byol.ProjectionDim must be positive, got 0");
        // Other objectives do not build the BYOL heads, so their settings are not checked.
        options.Objective = SparshPretrainingObjective.MaskedAutoencoder;
        options.Validate();
    }
}

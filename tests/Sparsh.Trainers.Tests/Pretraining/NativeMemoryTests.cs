using Microsoft.ML;
using Sparsh.Trainers.Encoder;
using Sparsh.Trainers.Masking;
using Sparsh.Trainers.Pretraining;
using TorchSharp;

namespace Sparsh.Trainers.Tests.Pretraining;

[TestClass]
public sealed class NativeMemoryTests
{
    private sealed class Probe(Action<long> onReport) : IProgress<SparshPretrainingProgress>
    {
        public void Report(SparshPretrainingProgress value) => onReport(value.Step);
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public void LiveTensorCountIsFlatAcrossSteps()
    {
        // Native tensors are invisible to the GC: a step that leaves one undisposed grows the live count forever.
        var mlContext = new MLContext(seed: 1);
        var live = new List<long>();
        var options = new SparshPretrainingOptions
        {
            Epochs = 6,
            BatchSize = 2,
            LearningRate = 1e-3,
            WarmupEpochs = 1,
            Masking = new BlockMaskingOptions { LocalViews = 2 },
            SelfDistillation = new SelfDistillationSettings { Prototypes = 16, HeadHiddenDim = 16, HeadBottleneckDim = 8 },
            CpuThreads = 1,
            LogEverySteps = 1,
            ValidationData = SyntheticWindows.Create(mlContext, 2, seed: 2),
            ValidateEverySteps = 3,
            Progress = new Probe(_ => live.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount)),
        };
        using var transformer = new SparshPretrainingEstimator(mlContext, options).Fit(SyntheticWindows.Create(mlContext, 4, seed: 1));
        Assert.AreEqual(12, live.Count);
        CollectionAssert.AreEqual(Enumerable.Repeat(live[1], live.Count - 1).ToArray(), live.Skip(1).ToArray(), $"live tensors per step: {string.Join(", ", live)}");
    }
}

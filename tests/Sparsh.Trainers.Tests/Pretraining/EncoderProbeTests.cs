using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Trainers.Decoders;
using Sparsh.Trainers.Encoder;
using Sparsh.Trainers.Pretraining;
using Sparsh.Transforms.Core;
using TorchSharp;

namespace Sparsh.Trainers.Tests.Pretraining;

[TestClass]
public sealed class EncoderProbeTests
{
    private const int Frames = SyntheticWindows.Frames;
    private const int Taxels = SyntheticWindows.Taxels;

    public sealed class LabelledRow
    {
        public string RecordingId { get; set; } = "";
        [VectorType(Frames, Taxels, 3)] public float[] Magnetic { get; set; } = [];
        [VectorType(Frames, Taxels, 3)] public float[] TaxelPositions { get; set; } = [];
        [VectorType(Frames, Taxels)] public bool[] Validity { get; set; } = [];
        // The strongest press in the window: a per-taxel maximum, which a mean over random features does not give linearly.
        [VectorType(1)] public float[] Label { get; set; } = [];
    }

    private static IDataView Labelled(MLContext mlContext, int windows, int recordings) => mlContext.Data.Cache(mlContext.Data.LoadFromEnumerable(
        SyntheticWindows.Rows(windows, seed: 21).Select((row, i) => new LabelledRow
        {
            RecordingId = $"r{i % recordings}",
            Magnetic = row.Magnetic,
            TaxelPositions = row.TaxelPositions,
            Validity = row.Validity,
            Label = [Enumerable.Range(0, Taxels).Max(t => row.Magnetic[(Frames / 2 * Taxels + t) * 3 + 2])],
        }).ToList()));

    private static SparshSkinEncoder RandomEncoder(int seed)
    {
        torch.random.manual_seed(seed);
        var encoder = new SparshSkinEncoder(SparshSkinEncoderConfig.ForSize(SparshSkinEncoderSize.Micro));
        encoder.eval();
        return encoder;
    }

    [TestMethod]
    public void AnEncoderTrainedOnTheSignalProbesBetterThanARandomOneAndABlindOneScoresLikeTheMean()
    {
        var mlContext = new MLContext(seed: 1);
        var data = Labelled(mlContext, windows: 96, recordings: 6);
        var config = SparshSkinEncoderConfig.ForSize(SparshSkinEncoderSize.Micro);
        var probe = new EncoderProbe(new EncoderProbeOptions { Name = "peak", Data = data }, config, new SparshSkinEncoderColumns());

        using var random = RandomEncoder(5);
        double randomScore = probe.Measure(random);
        Assert.AreEqual(randomScore, probe.Measure(random), 0, "no random draws: the same encoder scores the same");

        // Trained on the label itself (end to end, from the same random start): its features must carry the label better.
        var trained = mlContext.Data.Cache(data);
        var model = new AttentivePoolerRegressorEstimator(mlContext, new AttentivePoolerRegressorOptions
        {
            Mode = DecoderMode.EndToEnd, EncoderConfig = config, Epochs = 15, BatchSize = 16, LearningRate = 3e-3, ValidationFraction = 0, Seed = 5, CpuThreads = 1,
        }).Fit(trained);
        double trainedScore = probe.Measure(model.Encoder!);

        // An encoder that cannot see the flux (patch embedding zeroed) gives features without the label: the mean's score.
        using var blind = RandomEncoder(5);
        using (torch.no_grad())
            foreach (var (name, parameter) in blind.named_parameters())
                if (name.StartsWith("patch_embed", StringComparison.Ordinal)) parameter.zero_();
        double blindScore = probe.Measure(blind);

        Console.WriteLine($"probe RMSE / std: blind {blindScore:F4}, random {randomScore:F4}, trained on the signal {trainedScore:F4}");
        Assert.IsGreaterThan(0.9, blindScore, "a blind encoder predicts about the mean");
        Assert.IsLessThan(blindScore, randomScore, "random features carry some of the flux");
        Assert.IsLessThan(randomScore, trainedScore, "features trained on the signal carry it better");
    }

    [TestMethod]
    public void PretrainingReportsTheProbeAgainstRandomInitialisationReproducibly()
    {
        List<SparshPretrainingProgress> Pretrain()
        {
            var mlContext = new MLContext(seed: 1);
            var reports = new List<SparshPretrainingProgress>();
            var options = SparshPretrainingOptions.Cpu();
            options.Epochs = 1;
            options.BatchSize = 8;
            options.CpuThreads = 1;
            options.ProbeEverySteps = 2;
            options.Probes = [new EncoderProbeOptions { Name = "peak", Data = Labelled(mlContext, windows: 32, recordings: 4) }];
            options.Progress = new SynchronousProgress<SparshPretrainingProgress>(reports.Add);
            new SparshPretrainingEstimator(mlContext, options).Fit(SyntheticWindows.Create(mlContext, 32, seed: 3));
            return reports;
        }
        var first = Pretrain();
        var probed = first.Where(r => r.Probes is not null).ToList();
        CollectionAssert.AreEqual(new long[] { 1, 2, 4 }, probed.Select(r => r.Step).ToArray(), "at the first step, every 2 steps and the last (4 steps)");
        Assert.IsTrue(probed.All(r => double.IsFinite(r.Probes!["peak"]) && double.IsFinite(r.ProbesAtInitialisation!["peak"])));
        Assert.AreEqual(1, probed.Select(r => r.ProbesAtInitialisation!["peak"]).Distinct().Count(), "one baseline for the run");
        CollectionAssert.AreEqual(probed.Select(r => r.Probes!["peak"]).ToArray(),
            Pretrain().Where(r => r.Probes is not null).Select(r => r.Probes!["peak"]).ToArray(), "same seed, same probe scores");
    }

    [TestMethod]
    public void AProbeOfOneRecordingIsRefusedWithTheReason()
    {
        var mlContext = new MLContext(seed: 1);
        var error = Assert.ThrowsExactly<ArgumentException>(() => new EncoderProbe(
            new EncoderProbeOptions { Name = "force", Data = Labelled(mlContext, windows: 8, recordings: 1) },
            SparshSkinEncoderConfig.ForSize(SparshSkinEncoderSize.Micro), new SparshSkinEncoderColumns()));
        StringAssert.Contains(error.Message, "'force'");
        StringAssert.Contains(error.Message, "at least 2 recordings");
    }
}

using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.MLNet.Sweeps;
using Sparsh.Trainers.Decoders;
using Sparsh.Trainers.Encoder;
using Sparsh.Transforms.Xela;
using static Sparsh.MLNet.Sweeps.SweepParameterNames;

namespace Sparsh.MLNet.Tests.Sweeps;

[TestClass]
public sealed class SweepEncoderModesTests
{
    private const int Frames = 10; // the micro encoder's window

    public sealed class Window
    {
        public string RecordingId { get; set; } = "";
        [VectorType(Frames, XelaSkin.TaxelCount, 3)] public float[] Magnetic { get; set; } = [];
        [VectorType(Frames, XelaSkin.TaxelCount, 3)] public float[] TaxelPositions { get; set; } = [];
        [VectorType(Frames, XelaSkin.TaxelCount)] public bool[] Validity { get; set; } = [];
        [VectorType(1)] public float[] Label { get; set; } = [];
    }

    // Raw windows (what FineTune and EndToEnd read); the label is the mean z flux of taxel 100.
    private static IDataView Windows(MLContext mlContext, int recordings, int windowsPerRecording)
    {
        var random = new Random(3);
        var positions = Enumerable.Range(0, Frames * XelaSkin.ValuesPerFrame).Select(i => (float)(0.001 * (i % 97))).ToArray();
        var rows = new List<Window>();
        for (int r = 0; r < recordings; r++)
            for (int w = 0; w < windowsPerRecording; w++)
            {
                var magnetic = Enumerable.Range(0, Frames * XelaSkin.ValuesPerFrame).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
                rows.Add(new Window
                {
                    RecordingId = $"rec{r}", Magnetic = magnetic, TaxelPositions = positions,
                    Validity = Enumerable.Repeat(true, Frames * XelaSkin.TaxelCount).ToArray(),
                    Label = [Enumerable.Range(0, Frames).Average(f => magnetic[f * XelaSkin.ValuesPerFrame + 3 * 100 + 2])],
                });
            }
        return mlContext.Data.LoadFromEnumerable(rows);
    }

    [TestMethod]
    public void FineTuneAndEndToEndTrialsRunWithTheirOwnLearningRates()
    {
        var mlContext = new MLContext(seed: 1);
        TorchSharp.torch.random.manual_seed(21);
        using var pretrained = new SparshSkinEncoder(SparshSkinEncoderConfig.ForSize(SparshSkinEncoderSize.Micro));
        var before = pretrained.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());

        var result = mlContext.Sparsh().Sweep(Windows(mlContext, recordings: 4, windowsPerRecording: 2), new SweepOptions
        {
            SearchSpace = new SweepSearchSpace([new SweepFamilySpace(SweepFamily.AttentivePooler,
            [
                ParameterDomain.Choice(Mode, DecoderMode.FineTune, DecoderMode.EndToEnd),
                ParameterDomain.Choice(LearningRate, 1e-3),
                ParameterDomain.Choice(EncoderLearningRate, 1e-4),
                ParameterDomain.Choice(Epochs, 1),
                ParameterDomain.Choice(Heads, 2),
            ])]),
            Strategy = SweepStrategy.Grid,
            Folds = 2,
            TestFraction = 0.2,
            BatchSize = 4,
            ValidationFraction = 0,
            Encoder = pretrained,
        });

        Assert.HasCount(2, result.Trials);
        foreach (var trial in result.Trials)
        {
            Assert.AreEqual(SweepTrialStatus.Completed, trial.Status, $"{trial.Parameters[Mode]}: {trial.Error}");
            Assert.HasCount(2, trial.FoldScores);
            Assert.IsTrue(trial.FoldScores.All(s => double.IsFinite(s) && s > 0), string.Join(", ", trial.FoldScores));
        }
        Assert.AreNotEqual(result.Trials[0].Mean, result.Trials[1].Mean, "FineTune starts from the pretrained encoder, EndToEnd from scratch");
        Assert.IsNotNull(result.TestMetrics, result.FinalFitError);
        foreach (var (name, value) in pretrained.state_dict())
            Assert.IsTrue(value.Equals(before[name]), $"the caller's encoder parameter {name} is unchanged");
    }
}

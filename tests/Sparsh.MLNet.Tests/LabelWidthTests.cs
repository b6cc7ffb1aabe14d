using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.MLNet.Evaluation;
using Sparsh.MLNet.Sweeps;
using Sparsh.MLNet.Tests.Sweeps;
using Sparsh.Trainers.Decoders;

namespace Sparsh.MLNet.Tests;

/// <summary>
/// A label whose width differs from what the options or the scores expect is an <see cref="ArgumentException"/> naming
/// the column and both widths, raised before any training.
/// </summary>
[TestClass]
public sealed class LabelWidthTests
{
    private sealed class Scored
    {
        [VectorType(3)] public float[] Label { get; set; } = [];
        [VectorType(2)] public float[] Score { get; set; } = [];
        [VectorType(3)] public float[] Score3 { get; set; } = [];
    }

    private static IDataView ScoredView(MLContext mlContext) => mlContext.Data.LoadFromEnumerable(new[]
    {
        new Scored { Label = [1, 2, 3], Score = [1, 2], Score3 = [1, 2, 3] },
        new Scored { Label = [2, 3, 4], Score = [2, 3], Score3 = [2, 3, 5] },
    });

    [TestMethod]
    public void ScoreOfAnotherWidthNamesBothColumnsAndWidths()
    {
        var mlContext = new MLContext(seed: 1);

        var error = Assert.ThrowsExactly<ArgumentException>(() => MultiOutputRegressionEvaluator.Evaluate(ScoredView(mlContext)));

        StringAssert.Contains(error.Message, "'Label' has 3 values per row");
        StringAssert.Contains(error.Message, "'Score' has 2");
    }

    [TestMethod]
    public void OutputNamesOrThresholdsOfAnotherWidthNameTheLabelColumn()
    {
        var mlContext = new MLContext(seed: 1);
        var view = ScoredView(mlContext);

        var names = Assert.ThrowsExactly<ArgumentException>(() => MultiOutputRegressionEvaluator.Evaluate(view, scoreColumnName: "Score3", outputNames: ["Fx", "Fy"]));
        StringAssert.Contains(names.Message, "2 output names");
        StringAssert.Contains(names.Message, "'Label' has 3 values per row");

        var thresholds = Assert.ThrowsExactly<ArgumentException>(() => MultiOutputRegressionEvaluator.Evaluate(view, scoreColumnName: "Score3", thresholds: [0.1]));
        StringAssert.Contains(thresholds.Message, "1 thresholds");
        StringAssert.Contains(thresholds.Message, "'Label' has 3 values per row");
    }

    [TestMethod]
    public void DecoderActivationsOfAnotherWidthAreRefusedBeforeTraining()
    {
        var mlContext = new MLContext(seed: 1);
        var data = SweepTestData.Load(mlContext, recordings: 4, windowsPerRecording: 4);   // label width 2
        var options = new AttentivePoolerRegressorOptions
        {
            Epochs = 1, BatchSize = 8, Heads = 2, HiddenWidth = 8, CpuThreads = 1,
            OutputActivations = [OutputActivation.None, OutputActivation.Relu, OutputActivation.Tanh],
        };

        long start = Stopwatch.GetTimestamp();
        var error = Assert.ThrowsExactly<ArgumentException>(() => new AttentivePoolerRegressorEstimator(mlContext, options).Fit(data));

        StringAssert.Contains(error.Message, "'Label' has 2 values per row");
        StringAssert.Contains(error.Message, "OutputActivations lists 3");
        Assert.IsLessThan(5.0, Stopwatch.GetElapsedTime(start).TotalSeconds, "refused before training");
    }

    [TestMethod]
    public void SweepOutputNamesOfAnotherWidthAreRefusedBeforeAnyTrial()
    {
        var mlContext = new MLContext(seed: 1);
        var data = SweepTestData.Load(mlContext, recordings: 6, windowsPerRecording: 4);   // label width 2

        var error = Assert.ThrowsExactly<ArgumentException>(() => mlContext.Sparsh().Sweep(data, new SweepOptions { Folds = 2, OutputNames = ["Fx", "Fy", "Fz"] }));

        StringAssert.Contains(error.Message, "'Label' has 2 values per row");
        StringAssert.Contains(error.Message, "OutputNames lists 3");
    }
}

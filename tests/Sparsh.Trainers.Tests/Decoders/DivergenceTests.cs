using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Trainers.Decoders;
using Sparsh.Trainers.Training;

namespace Sparsh.Trainers.Tests.Decoders;

/// <summary>
/// A decoder whose loss stops being a number throws with the epoch and the cause, instead of returning its
/// initialisation from <c>Fit</c> as the "best epoch"; non-finite labels and inputs never get that far.
/// </summary>
[TestClass]
public sealed class DivergenceTests
{
    private const int TokenCount = 5, Width = 8;

    public sealed class Window
    {
        public string RecordingId { get; set; } = "";
        [VectorType(TokenCount, Width)] public float[] Tokens { get; set; } = [];
        [VectorType(2)] public float[] Label { get; set; } = [];
    }

    private static List<Window> Data(int rows)
    {
        var random = new Random(5);
        return Enumerable.Range(0, rows).Select(r => new Window
        {
            RecordingId = $"rec-{r % 4}",
            Tokens = Enumerable.Range(0, TokenCount * Width).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray(),
            Label = [(float)random.NextDouble(), (float)random.NextDouble()],
        }).ToList();
    }

    private static AttentivePoolerRegressorOptions Options() => new()
    {
        Epochs = 3, BatchSize = 8, Heads = 2, HiddenWidth = 8, ValidationFraction = 0, Seed = 3, CpuThreads = 1,
    };

    [TestMethod]
    public void HugeLearningRateThrowsNamingTheEpochAndTheLearningRate()
    {
        var mlContext = new MLContext(seed: 1);
        var options = Options();
        options.LearningRate = 1e30; // one AdamW step moves every weight by about 1e30: the next outputs overflow float32
        var error = Assert.ThrowsExactly<TrainingDivergedException>(
            () => new AttentivePoolerRegressorEstimator(mlContext, options).Fit(mlContext.Data.LoadFromEnumerable(Data(16))));
        Assert.IsTrue(error.Epoch is >= 1 and <= 3, $"epoch {error.Epoch}");
        Assert.IsTrue(error.Step >= 1, "the first step's loss is finite; the blow-up comes after an update");
        StringAssert.Contains(error.Message, $"epoch {error.Epoch}");
        StringAssert.Contains(error.Message, "outputs are NaN or infinite");
        StringAssert.Contains(error.Message, "learning rate (1E+30)");
    }

    [TestMethod]
    public void NonFiniteLabelsAndInputsAreRefusedBeforeTrainingNamingColumnAndRow()
    {
        var mlContext = new MLContext(seed: 1);
        var rows = Data(16);
        rows[5].Label[1] = float.NaN;
        var error = Assert.ThrowsExactly<InvalidDataException>(
            () => new AttentivePoolerRegressorEstimator(mlContext, Options()).Fit(mlContext.Data.LoadFromEnumerable(rows)));
        StringAssert.Contains(error.Message, "Column 'Label', row 5");

        rows = Data(16);
        rows[9].Tokens[3] = float.PositiveInfinity;
        error = Assert.ThrowsExactly<InvalidDataException>(
            () => new AttentivePoolerRegressorEstimator(mlContext, Options()).Fit(mlContext.Data.LoadFromEnumerable(rows)));
        StringAssert.Contains(error.Message, "Column 'Tokens', row 9");
    }

    [TestMethod]
    public void FiniteDataTrainsWithoutComplaint()
    {
        var mlContext = new MLContext(seed: 1);
        var model = new AttentivePoolerRegressorEstimator(mlContext, Options()).Fit(mlContext.Data.LoadFromEnumerable(Data(16)));
        Assert.AreEqual(3, model.History.Epochs.Count);
        Assert.IsTrue(model.History.Epochs.All(e => double.IsFinite(e.TrainLoss)));
    }
}

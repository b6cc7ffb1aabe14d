using Sparsh.MLNet.Evaluation;
using Sparsh.Trainers.Training;

namespace Sparsh.MLNet.Studies;

/// <summary>
/// One decoder of a sample-efficiency study: mode, budget, seed and learning rate; its score on the validation recordings
/// (which chose it) and its metrics on the test recordings (which chose nothing).
/// </summary>
/// <param name="Mode">How the encoder was read.</param>
/// <param name="BudgetRecordings">Labelled recordings trained on.</param>
/// <param name="Seed">Seed of the budget draw and the decoder's initialisation and batch order.</param>
/// <param name="LearningRate">Decoder learning rate (NaN for the linear probe, which is tuned over <see cref="L2Regularization"/> instead).</param>
/// <param name="TrainingRecordings">The recordings trained on (a prefix of the seed's shuffle of the pool).</param>
/// <param name="TrainingWindows">Windows trained on.</param>
/// <param name="ValidationNormalizedRmse">Mean over outputs of RMSE / label std on the validation recordings (lower is better).</param>
/// <param name="TestNormalizedRmse">The same on the test recordings.</param>
/// <param name="Test">Per-output test metrics in label units.</param>
/// <param name="History">Per-epoch training and validation losses (empty for the linear probe).</param>
/// <param name="Selected">True when this learning rate scored best on validation among its (mode, budget, seed) runs.</param>
public sealed record SampleEfficiencyRun(SampleEfficiencyMode Mode, int BudgetRecordings, int Seed, double LearningRate, IReadOnlyList<string> TrainingRecordings, int TrainingWindows,
    double ValidationNormalizedRmse, double TestNormalizedRmse, MultiOutputRegressionMetrics Test, TrainingHistory History, bool Selected = false)
{
    /// <summary>The linear probe's ridge penalty (NaN for the trained modes).</summary>
    public double L2Regularization { get; init; } = double.NaN;

    /// <summary>Mean over outputs of the test RMSE, in label units.</summary>
    public double TestMeanRmse => Test.MeanRootMeanSquaredError;
}

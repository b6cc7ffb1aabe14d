using System.Globalization;

namespace Sparsh.MLNet.Sweeps;

/// <summary>
/// The history median stopping compares against: for every fold and epoch, the best-so-far validation RMSE of each trial
/// that got there. Trials enter the history when the sweep updates its tuner (in id order, between batches), so a
/// decision depends only on earlier batches and repeats for a seed.
/// </summary>
internal sealed class MedianStoppingRule(MedianStoppingOptions options)
{
    private readonly Dictionary<(int Fold, int Epoch), List<double>> _history = [];
    private readonly Lock _gate = new();

    /// <summary>Adds a finished trial's curves.</summary>
    public void Add(SweepTrialResult result)
    {
        lock (_gate)
            for (int fold = 0; fold < result.ValidationCurves.Count; fold++)
            {
                double best = double.PositiveInfinity;
                var curve = result.ValidationCurves[fold];
                for (int epoch = 1; epoch <= curve.Count; epoch++)
                {
                    if (double.IsFinite(curve[epoch - 1])) best = Math.Min(best, curve[epoch - 1]);
                    if (!double.IsFinite(best)) continue;
                    if (!_history.TryGetValue((fold, epoch), out var list)) _history[(fold, epoch)] = list = [];
                    list.Add(best);
                }
            }
    }

    /// <summary>Why a trial whose best validation RMSE at <paramref name="fold"/> (0-based) and <paramref name="epoch"/> (1-based) is <paramref name="bestSoFar"/> should stop; null to go on.</summary>
    public string? ShouldStop(int fold, int epoch, double bestSoFar)
    {
        if (epoch < options.GracePeriodEpochs || !double.IsFinite(bestSoFar)) return null;
        double[] earlier;
        lock (_gate)
        {
            if (!_history.TryGetValue((fold, epoch), out var list) || list.Count < options.MinimumTrials) return null;
            earlier = list.Order().ToArray();
        }
        double median = earlier.Length % 2 == 1 ? earlier[earlier.Length / 2] : (earlier[earlier.Length / 2 - 1] + earlier[earlier.Length / 2]) / 2;
        return bestSoFar > median
            ? string.Create(CultureInfo.InvariantCulture,
                $"median stopping: best validation RMSE {bestSoFar:G4} at fold {fold + 1}, epoch {epoch} is worse than the median {median:G4} of {earlier.Length} earlier trials")
            : null;
    }
}

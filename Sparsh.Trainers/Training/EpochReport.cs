namespace Sparsh.Trainers.Training;

/// <summary>Progress after one epoch of supervised training.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Epochs">Planned epochs.</param>
/// <param name="Step">Optimisation steps so far.</param>
/// <param name="TrainLoss">Mean smooth-L1 training loss of the epoch.</param>
/// <param name="ValidationLoss">Mean validation loss (NaN without a validation set or in an epoch not validated).</param>
/// <param name="ValidationRmse">Validation RMSE over all outputs, in label units (NaN where <see cref="Validated"/> is false).</param>
/// <param name="SamplesPerSecond">Training throughput of the epoch.</param>
public sealed record EpochReport(int Epoch, int Epochs, long Step, double TrainLoss, double ValidationLoss, double ValidationRmse, double SamplesPerSecond)
{
    /// <summary>Whether this epoch was scored on the validation set: long runs validate every few epochs, and a run
    /// without a validation set never does.</summary>
    public bool Validated => double.IsFinite(ValidationRmse);
}

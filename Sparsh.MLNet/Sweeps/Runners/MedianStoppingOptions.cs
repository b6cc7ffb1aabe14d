namespace Sparsh.MLNet.Sweeps;

/// <summary>
/// Median stopping (as in Azure ML and Vizier): a trial whose best validation RMSE so far, at some fold and epoch, is worse
/// than the median of the earlier trials' best-so-far at the same fold and epoch is stopped and recorded as
/// <see cref="SweepTrialStatus.Stopped"/>. Applies to trainers that validate every epoch (the attentive pooler).
/// </summary>
public sealed class MedianStoppingOptions
{
    /// <summary>Epochs a trial runs before it can be stopped.</summary>
    public int GracePeriodEpochs { get; set; } = 2;

    /// <summary>Earlier trials that must have reached the same fold and epoch before the median is trusted.</summary>
    public int MinimumTrials { get; set; } = 3;

    /// <summary>Checks the settings.</summary>
    public void Validate()
    {
        if (GracePeriodEpochs < 1) throw new ArgumentOutOfRangeException(nameof(GracePeriodEpochs), $"GracePeriodEpochs must be at least 1, got {GracePeriodEpochs}.");
        if (MinimumTrials < 1) throw new ArgumentOutOfRangeException(nameof(MinimumTrials), $"MinimumTrials must be at least 1, got {MinimumTrials}.");
    }
}

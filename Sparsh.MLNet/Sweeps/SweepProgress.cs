namespace Sparsh.MLNet.Sweeps;

/// <summary>Reported after each trial finishes.</summary>
/// <param name="Finished">Trials finished so far (including ones resumed from the journal).</param>
/// <param name="Planned">Trials planned (the trial budget; a time budget may end the sweep earlier).</param>
/// <param name="Last">The trial that just finished.</param>
/// <param name="BestScore">Best mean score so far; NaN before any trial completes.</param>
public sealed record SweepProgress(int Finished, int Planned, SweepTrialResult Last, double BestScore);

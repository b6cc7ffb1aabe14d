namespace Sparsh.MLNet.Sweeps;

/// <summary>
/// Chooses trials (AutoML.NET's ITuner): <see cref="Propose"/> the next one, <see cref="Update"/> with each result. The sweep
/// proposes up to <see cref="SweepOptions.MaxDegreeOfParallelism"/> trials, runs them, then updates the tuner with their
/// results in id order, so an adaptive tuner sees the same history, and proposes the same trials, on every run with the
/// same seed; a resumed sweep replays its journal through the tuner the same way.
/// </summary>
public interface ITuner
{
    /// <summary>The next trial, under <paramref name="trialId"/> (0, 1, 2, ... in order); null when the tuner has nothing left to try.</summary>
    SweepTrial? Propose(int trialId);

    /// <summary>Tells the tuner how a proposed trial ended (any status; <see cref="SweepTrialResult.Loss"/> is what it minimises).</summary>
    void Update(SweepTrialResult result);
}

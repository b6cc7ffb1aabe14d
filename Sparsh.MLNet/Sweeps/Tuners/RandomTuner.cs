namespace Sparsh.MLNet.Sweeps;

/// <summary>Random search: each trial picks a family uniformly, then draws every parameter (<see cref="SweepSearchSpace.Plan"/>).</summary>
public sealed class RandomTuner : ITuner
{
    private readonly IEnumerator<SweepTrial> _plan;

    /// <summary>A tuner over <paramref name="space"/>; the same seed proposes the same trials.</summary>
    public RandomTuner(SweepSearchSpace space, int seed)
    {
        ArgumentNullException.ThrowIfNull(space);
        _plan = space.Plan(SweepStrategy.Random, seed).GetEnumerator();
    }

    /// <inheritdoc/>
    public SweepTrial? Propose(int trialId) => PlannedTrials.Next(_plan, trialId);

    /// <inheritdoc/>
    public void Update(SweepTrialResult result) { }
}

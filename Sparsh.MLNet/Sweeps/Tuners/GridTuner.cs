namespace Sparsh.MLNet.Sweeps;

/// <summary>Grid search: the exact cartesian product of each family's grid values, family after family (<see cref="SweepSearchSpace.Plan"/>).</summary>
public sealed class GridTuner : ITuner
{
    private readonly IEnumerator<SweepTrial> _plan;

    /// <summary>A tuner over <paramref name="space"/> with <paramref name="gridPointsPerRange"/> points per numeric range.</summary>
    public GridTuner(SweepSearchSpace space, int gridPointsPerRange = 3)
    {
        ArgumentNullException.ThrowIfNull(space);
        _plan = space.Plan(SweepStrategy.Grid, 0, gridPointsPerRange).GetEnumerator();
    }

    /// <inheritdoc/>
    public SweepTrial? Propose(int trialId) => PlannedTrials.Next(_plan, trialId);

    /// <inheritdoc/>
    public void Update(SweepTrialResult result) { }
}

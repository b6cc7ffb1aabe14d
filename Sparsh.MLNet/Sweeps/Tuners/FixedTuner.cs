namespace Sparsh.MLNet.Sweeps;

/// <summary>Proposes a given list of trials in order (a <see cref="SweepPlan"/>'s, for trial-per-process sweeps).</summary>
internal sealed class FixedTuner(IReadOnlyList<SweepTrial> trials) : ITuner
{
    private readonly IEnumerator<SweepTrial> _plan = trials.GetEnumerator();

    public SweepTrial? Propose(int trialId) => PlannedTrials.Next(_plan, trialId);

    public void Update(SweepTrialResult result) { }
}

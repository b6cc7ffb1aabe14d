namespace Sparsh.MLNet.Sweeps;

/// <summary>What the non-adaptive tuners share: trials taken one by one from a plan written in advance.</summary>
internal static class PlannedTrials
{
    /// <summary>The plan's next trial, which must carry <paramref name="trialId"/>; null when the plan is exhausted.</summary>
    public static SweepTrial? Next(IEnumerator<SweepTrial> plan, int trialId)
    {
        if (!plan.MoveNext()) return null;
        if (plan.Current.Id != trialId)
            throw new InvalidOperationException($"Trial ids are proposed in order: the plan's next trial is {plan.Current.Id}, asked for {trialId}.");
        return plan.Current;
    }
}

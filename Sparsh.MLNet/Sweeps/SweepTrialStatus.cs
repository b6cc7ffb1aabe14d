namespace Sparsh.MLNet.Sweeps;

/// <summary>How a trial ended.</summary>
public enum SweepTrialStatus
{
    /// <summary>Every fold trained and was scored.</summary>
    Completed,

    /// <summary>The trial threw; its message is kept and the sweep went on.</summary>
    Failed,

    /// <summary>
    /// Stopped early and unranked: by the per-trial time limit, the memory cap, or median stopping on its validation curve
    /// (<see cref="SweepTrialResult.Error"/> says which).
    /// </summary>
    Stopped,

    /// <summary>Not run: <see cref="SweepOptions.SkipTrial"/> said so. Skipped trials are not journalled, so a later run decides again.</summary>
    Skipped,
}

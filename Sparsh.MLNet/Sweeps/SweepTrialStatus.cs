namespace Sparsh.MLNet.Sweeps;

/// <summary>How a trial ended.</summary>
public enum SweepTrialStatus
{
    /// <summary>Every fold trained and was scored.</summary>
    Completed,

    /// <summary>The trial threw; its message is kept and the sweep went on.</summary>
    Failed,
}

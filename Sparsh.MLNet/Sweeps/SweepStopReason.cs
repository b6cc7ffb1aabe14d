namespace Sparsh.MLNet.Sweeps;

/// <summary>Why a sweep started no further trial.</summary>
public enum SweepStopReason
{
    /// <summary><see cref="SweepOptions.MaxTrials"/> trials were proposed.</summary>
    TrialCount,

    /// <summary>The tuner had nothing left to propose (a grid ran out).</summary>
    TunerExhausted,

    /// <summary><see cref="SweepOptions.TimeBudget"/> ran out.</summary>
    TimeBudget,

    /// <summary>The process passed <see cref="SweepOptions.MaximumMemoryInMegaByte"/>.</summary>
    MemoryCap,
}

namespace Sparsh.MLNet.Sweeps;

/// <summary>How trials are chosen from the search space (the built-in <see cref="ITuner"/>s).</summary>
public enum SweepStrategy
{
    /// <summary>Each trial picks a family uniformly, then draws every parameter from its domain (seeded).</summary>
    Random,

    /// <summary>Every combination of grid values, family by family, in order.</summary>
    Grid,

    /// <summary>
    /// Cost-frugal search (<see cref="CostFrugalTuner"/>): starts every family at its cheap end, walks each family's
    /// parameters by randomised direct search around the best point so far, and spends trials on the family with the
    /// lowest estimated cost for improvement. Adaptive, so it cannot be planned ahead for trial-per-process runs.
    /// </summary>
    CostFrugal,
}

namespace Sparsh.MLNet.Sweeps;

/// <summary>How trials are chosen from the search space.</summary>
public enum SweepStrategy
{
    /// <summary>Each trial picks a family uniformly, then draws every parameter from its domain (seeded).</summary>
    Random,

    /// <summary>Every combination of grid values, family by family, in order.</summary>
    Grid,
}

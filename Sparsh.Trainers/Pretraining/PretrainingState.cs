namespace Sparsh.Trainers.Pretraining;

/// <summary>Counters of a pretraining run stored in its checkpoint.</summary>
/// <param name="Step">Optimizer steps done.</param>
/// <param name="TotalSteps">Steps of the whole run (epochs x steps per epoch).</param>
/// <param name="StepsPerEpoch">Steps per epoch.</param>
/// <param name="Seed">Seed of the run (masks, shuffles and drop-path are derived from seed and step).</param>
/// <param name="Objective">Objective name.</param>
internal sealed record PretrainingState(long Step, long TotalSteps, long StepsPerEpoch, int Seed, string Objective);

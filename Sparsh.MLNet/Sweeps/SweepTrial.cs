namespace Sparsh.MLNet.Sweeps;

/// <summary>One planned trial: its position in the sweep, family and hyperparameters.</summary>
/// <param name="Id">0-based trial number; the same seed and space always plan the same trial under the same id.</param>
/// <param name="Family">Decoder family.</param>
/// <param name="Parameters">Hyperparameter values.</param>
public sealed record SweepTrial(int Id, SweepFamily Family, SweepParameters Parameters)
{
    /// <summary>The seed the trial's trainers use: the sweep's seed plus the id, so trials differ but repeat exactly.</summary>
    public int Seed(int sweepSeed) => unchecked(sweepSeed + 7919 * (Id + 1));
}

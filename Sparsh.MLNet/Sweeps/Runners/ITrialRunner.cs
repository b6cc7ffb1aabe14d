namespace Sparsh.MLNet.Sweeps;

/// <summary>
/// Runs one trial (AutoML.NET's ITrialRunner). A trial that fails is returned with status Failed rather than thrown; when
/// the token passed to <see cref="RunAsync"/> is cancelled (the sweep's token, the per-trial time limit,
/// the memory cap) the runner throws <see cref="OperationCanceledException"/> and the sweep records why.
/// </summary>
public interface ITrialRunner
{
    /// <summary>Trains and scores <paramref name="trial"/>.</summary>
    Task<SweepTrialResult> RunAsync(SweepTrial trial, CancellationToken cancellationToken);
}

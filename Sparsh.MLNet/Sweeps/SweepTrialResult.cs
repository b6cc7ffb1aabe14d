namespace Sparsh.MLNet.Sweeps;

/// <summary>The outcome of one trial: cross-validated scores (lower is better) or the error that stopped it.</summary>
public sealed class SweepTrialResult
{
    /// <summary>Trial id (see <see cref="SweepTrial.Id"/>).</summary>
    public int Id { get; init; }

    /// <summary>Decoder family.</summary>
    public SweepFamily Family { get; init; }

    /// <summary>Hyperparameters as invariant text by name.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Completed or failed.</summary>
    public SweepTrialStatus Status { get; init; }

    /// <summary>Score of each fold, in fold order; empty when failed.</summary>
    public IReadOnlyList<double> FoldScores { get; init; } = [];

    /// <summary>Mean fold score; NaN when failed.</summary>
    public double Mean { get; init; } = double.NaN;

    /// <summary>Population standard deviation of the fold scores; NaN when failed.</summary>
    public double StandardDeviation { get; init; } = double.NaN;

    /// <summary>Wall-clock seconds of the trial.</summary>
    public double Seconds { get; init; }

    /// <summary>Exception type and message of a failed trial.</summary>
    public string? Error { get; init; }

    /// <summary>The trial this result belongs to.</summary>
    public SweepTrial ToTrial() => new(Id, Family, new SweepParameters(Parameters));
}

using System.Text.Json.Serialization;

namespace Sparsh.MLNet.Sweeps;

/// <summary>
/// The outcome of one trial (AutoML.NET's TrialResult): cross-validated scores (lower is better) or the error that stopped
/// it, with its duration and the peak CPU and memory seen while it ran.
/// </summary>
public sealed class SweepTrialResult
{
    /// <summary>Trial id (see <see cref="SweepTrial.Id"/>).</summary>
    public int Id { get; init; }

    /// <summary>Decoder family.</summary>
    public SweepFamily Family { get; init; }

    /// <summary>Hyperparameters as invariant text by name.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Completed, failed, stopped early or skipped.</summary>
    public SweepTrialStatus Status { get; init; }

    /// <summary>Score of each fold, in fold order; empty when failed.</summary>
    public IReadOnlyList<double> FoldScores { get; init; } = [];

    /// <summary>Mean fold score; NaN when failed.</summary>
    public double Mean { get; init; } = double.NaN;

    /// <summary>Population standard deviation of the fold scores; NaN when failed.</summary>
    public double StandardDeviation { get; init; } = double.NaN;

    /// <summary>Wall-clock seconds of the trial.</summary>
    public double Seconds { get; init; }

    /// <summary>Exception type and message of a failed trial, or why a trial was stopped or skipped.</summary>
    public string? Error { get; init; }

    /// <summary>What tuners minimise: <see cref="Mean"/> for a completed trial, positive infinity otherwise.</summary>
    [JsonIgnore]
    public double Loss => Status == SweepTrialStatus.Completed ? Mean : double.PositiveInfinity;

    /// <summary>
    /// Peak share of the machine's cores this process kept busy while the trial ran (0-1, sampled every 200 ms); with
    /// parallel trials it includes the trials beside it. Null when not measured (a journal written before it was).
    /// </summary>
    public double? PeakCpu { get; init; }

    /// <summary>Peak working set of the process while the trial ran, in MiB (process-wide, like <see cref="PeakCpu"/>).</summary>
    public double? PeakMemoryInMegaByte { get; init; }

    /// <summary>
    /// Validation RMSE after each epoch, one list per fold, for trainers that validate per epoch (the attentive pooler);
    /// empty otherwise. Median stopping compares running trials against these.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<double>> ValidationCurves { get; init; } = [];

    /// <summary>A copy with the resources measured around the trial.</summary>
    internal SweepTrialResult WithResources(double? peakCpu, double? peakMemoryInMegaByte) => new()
    {
        Id = Id, Family = Family, Parameters = Parameters, Status = Status, FoldScores = FoldScores, Mean = Mean,
        StandardDeviation = StandardDeviation, Seconds = Seconds, Error = Error, ValidationCurves = ValidationCurves,
        PeakCpu = peakCpu, PeakMemoryInMegaByte = peakMemoryInMegaByte,
    };

    /// <summary>The trial this result belongs to.</summary>
    public SweepTrial ToTrial() => new(Id, Family, new SweepParameters(Parameters));
}

using Microsoft.Data.Analysis;
using Microsoft.ML;
using Sparsh.MLNet.Evaluation;

namespace Sparsh.MLNet.Sweeps;

/// <summary>What a sweep found: every trial, the leaderboard, and the best pipeline refitted on all non-test data and scored once on the test set.</summary>
public sealed class SweepResult
{
    /// <summary>The metric trials were ranked by (lower is better).</summary>
    public SweepMetric Metric { get; init; }

    /// <summary>Every finished trial (run now, resumed from the journal, or skipped), by id.</summary>
    public IReadOnlyList<SweepTrialResult> Trials { get; init; } = [];

    /// <summary>
    /// One row per trial, best first: Rank (empty for failed trials), Trial, Family, Parameters, the metric's fold mean and
    /// standard deviation, Seconds, Status, Error.
    /// </summary>
    public required DataFrame Leaderboard { get; init; }

    /// <summary>Trials executed by this call (the rest came from the journal).</summary>
    public int ExecutedTrials { get; init; }

    /// <summary>Trials taken from the journal without running them again.</summary>
    public int ResumedTrials { get; init; }

    /// <summary>Planned trials a report found neither journalled nor run (<see cref="DecoderSweep.Report"/>); empty after <see cref="DecoderSweep.Run"/>.</summary>
    public IReadOnlyList<int> MissingTrials { get; init; } = [];

    /// <summary>Why no further trial started.</summary>
    public SweepStopReason StopReason { get; init; }

    /// <summary>The best completed trial; null when none completed.</summary>
    public SweepTrialResult? Best { get; init; }

    /// <summary>The best pipeline refitted on all non-test data; null when no trial completed or the refit failed.</summary>
    public ITransformer? BestModel { get; init; }

    /// <summary>The best pipeline's metrics on the held-out test groups.</summary>
    public MultiOutputRegressionMetrics? TestMetrics { get; init; }

    /// <summary>The best pipeline's test score under <see cref="Metric"/>; NaN when there is none.</summary>
    public double TestScore { get; init; } = double.NaN;

    /// <summary>Why the final refit failed, if it did.</summary>
    public string? FinalFitError { get; init; }

    /// <summary>best-model.zip, when the pipeline could be saved.</summary>
    public string? ModelPath { get; init; }

    /// <summary>Why the best pipeline was not saved (e.g. a transformer without ML.NET persistence yet).</summary>
    public string? ModelSaveError { get; init; }

    /// <summary>leaderboard.csv in the output folder.</summary>
    public string? LeaderboardCsvPath { get; init; }

    /// <summary>The markdown report (leaderboard, plot, test metrics) in the output folder.</summary>
    public string? ReportPath { get; init; }

    /// <summary>PNG of the best score so far against trial id.</summary>
    public string? PlotPath { get; init; }
}

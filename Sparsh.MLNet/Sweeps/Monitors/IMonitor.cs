namespace Sparsh.MLNet.Sweeps;

/// <summary>
/// Watches a sweep (AutoML.NET's IMonitor): each trial as it starts, ends, becomes the best or fails. Called on the sweep's
/// threads, possibly from several trials at once when <see cref="SweepOptions.MaxDegreeOfParallelism"/> is above 1.
/// Trials resumed from the journal are not reported.
/// </summary>
public interface IMonitor
{
    /// <summary>A trial is about to run.</summary>
    void ReportRunningTrial(SweepTrial trial);

    /// <summary>A trial completed (every fold scored).</summary>
    void ReportCompletedTrial(SweepTrialResult result);

    /// <summary>A completed trial is the best so far (reported after <see cref="ReportCompletedTrial"/>).</summary>
    void ReportBestTrial(SweepTrialResult result);

    /// <summary>A trial failed, was stopped early or was skipped; <paramref name="result"/>'s Status and Error say which and why.</summary>
    void ReportFailTrial(SweepTrialResult result);
}

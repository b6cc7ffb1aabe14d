using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.MLNet.Evaluation;
using Sparsh.MLNet.Splits;
using Sparsh.Transforms.Core;

namespace Sparsh.MLNet.Sweeps;

/// <summary>
/// AutoML-style search over decoder pipelines: plans trials from a <see cref="SweepSearchSpace"/>, scores each by
/// group-aware K-fold cross-validation on the non-test groups, and refits the best on all of them before its single look
/// at the held-out test groups. The input is materialised once, so frozen encoder tokens and embeddings are computed once
/// and shared by every trial.
/// </summary>
public static class DecoderSweep
{
    /// <summary>Runs (or resumes) a sweep. See <see cref="SweepOptions"/>.</summary>
    public static SweepResult Run(MLContext mlContext, IDataView data, SweepOptions options) => Execute(mlContext, data, options, null, execute: true);

    /// <summary>
    /// Runs one trial of a plan in this process (a trial-per-process sweep: one Kubernetes Indexed Job pod per index) and
    /// writes its result as its own file in the plan's journal folder, <c>trials/trial-NNNNNN.json</c>, atomically: a worker
    /// killed mid-trial or mid-write leaves no record, so the retried pod runs the trial again. A trial already journalled with
    /// the same parameters is not rerun; its journalled result is returned.
    /// </summary>
    /// <param name="mlContext">The context (its log receives progress).</param>
    /// <param name="data">The same data the plan was made for (checked by the journal's fingerprint).</param>
    /// <param name="plan">The plan (<see cref="SweepPlan.Load"/>).</param>
    /// <param name="index">The trial id, 0 to <c>plan.Trials.Count - 1</c>.</param>
    /// <param name="journalFolder">Shared folder of the journal (the sweep's output folder).</param>
    /// <param name="cancellationToken">Cancels the trial; nothing is written.</param>
    public static SweepTrialResult RunPlannedTrial(MLContext mlContext, IDataView data, SweepPlan plan, int index, string journalFolder,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentException.ThrowIfNullOrWhiteSpace(journalFolder);
        if (index < 0 || index >= plan.Trials.Count)
            throw new ArgumentOutOfRangeException(nameof(index), $"Trial index {index} is outside the plan's {plan.Trials.Count} trials (0 to {plan.Trials.Count - 1}).");
        var options = plan.ToOptions(journalFolder);
        options.CancellationToken = cancellationToken;
        Validate(options);
        using var log = new TrainingLog<SweepProgress>(mlContext, nameof(DecoderSweep), null);
        var materialised = Materialise(mlContext, data);
        var splits = Split(mlContext, materialised, options);
        var journal = new SweepJournal(journalFolder, SweepFingerprint.Compute(materialised, options, plan.SearchSpace));
        var trial = plan.Trials[index];
        if (journal.Read(warning => log.Info($"warning: {warning}")).TryGetValue(index, out var done)
            && done.Family == trial.Family && new SweepParameters(done.Parameters).Equals(trial.Parameters))
        {
            log.Info($"trial {index} is already journalled; not run again");
            return done;
        }
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (options.TrialTimeLimit is { } limit) cancel.CancelAfter(limit);
        var watch = Stopwatch.StartNew();
        SweepTrialResult result;
        using (var sampler = new ResourceSampler(null, _ => { }))
        {
            var peak = sampler.Track();
            try
            {
                result = new CrossValidationTrialRunner(splits, options, null, null).RunAsync(trial, cancel.Token).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                result = new SweepTrialResult
                {
                    Id = trial.Id, Family = trial.Family, Parameters = trial.Parameters.Values.ToDictionary(), Status = SweepTrialStatus.Stopped,
                    Seconds = watch.Elapsed.TotalSeconds, Error = $"stopped: ran past the trial time limit of {options.TrialTimeLimit!.Value.TotalSeconds:G4} s",
                };
            }
            peak.Dispose();
            result = result.WithResources(peak.Cpu, peak.MemoryInMegaByte);
        }
        cancellationToken.ThrowIfCancellationRequested();
        journal.WriteTrialFile(result);
        log.Info($"trial {index} {trial.Family} ({trial.Parameters}): {result.Status} {(result.Status == SweepTrialStatus.Completed ? result.Mean.ToString("G4", System.Globalization.CultureInfo.InvariantCulture) : result.Error)} in {result.Seconds:F1} s");
        return result;
    }

    /// <summary>
    /// Merges a trial-per-process sweep's journal into the leaderboard, report and best-model zip, as <see cref="Run"/> writes
    /// them, without running any trial: trials not journalled yet are listed in <see cref="SweepResult.MissingTrials"/>.
    /// </summary>
    public static SweepResult Report(MLContext mlContext, IDataView data, SweepPlan plan, string journalFolder)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentException.ThrowIfNullOrWhiteSpace(journalFolder);
        return Execute(mlContext, data, plan.ToOptions(journalFolder), new FixedTuner(plan.Trials), execute: false);
    }

    /// <summary>The built-in tuner of <paramref name="options"/>' strategy over <paramref name="space"/>.</summary>
    public static ITuner CreateTuner(SweepOptions options, SweepSearchSpace space)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(space);
        return options.Strategy switch
        {
            SweepStrategy.Random => new RandomTuner(space, options.Seed),
            SweepStrategy.Grid => new GridTuner(space, options.GridPointsPerRange),
            SweepStrategy.CostFrugal => new CostFrugalTuner(space, options.Seed),
            _ => throw new ArgumentOutOfRangeException(nameof(options), $"Unknown sweep strategy {options.Strategy}."),
        };
    }

    private static SweepResult Execute(MLContext mlContext, IDataView data, SweepOptions options, ITuner? plannedTuner, bool execute)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(data);
        Validate(options);
        CheckOutputNames(data.Schema, options);
        var clock = Stopwatch.StartNew();
        using var log = new TrainingLog<SweepProgress>(mlContext, nameof(DecoderSweep), options.Progress);

        var materialised = Materialise(mlContext, data);
        var splits = Split(mlContext, materialised, options);
        var space = options.SearchSpace ?? SweepSearchSpace.Default();
        var tuner = plannedTuner ?? options.Tuner ?? CreateTuner(options, space);
        int planned = options.Tuner == null && plannedTuner == null && options.Strategy == SweepStrategy.Grid
            ? (int)Math.Min(options.MaxTrials, space.GridSize(options.GridPointsPerRange))
            : options.MaxTrials;

        // The fingerprint costs one pass over the cached rows, so it is only computed when there is a journal to check.
        var journal = new SweepJournal(options.OutputFolder, options.OutputFolder == null ? "" : SweepFingerprint.Compute(materialised, options, space));
        var journalled = journal.Read(warning => log.Info($"warning: {warning}"));
        string tunerName = options.Tuner?.GetType().Name ?? plannedTuner?.GetType().Name ?? options.Strategy.ToString();
        log.Info($"{planned} trials planned ({tunerName}, seed {options.Seed}), {journalled.Count} in the journal; " +
                 $"{options.Folds}-fold cross-validation by '{options.GroupColumnName}', {options.MaxDegreeOfParallelism} at a time");

        int? threads = options.MaxDegreeOfParallelism > 1 ? 1 : null;
        var medianStopping = options.MedianStopping == null ? null : new MedianStoppingRule(options.MedianStopping);
        var runner = new CrossValidationTrialRunner(splits, options, threads, medianStopping);
        var experiment = new SweepExperiment(options, tuner, runner, journal, journalled, medianStopping, log, planned);
        experiment.Run(clock, execute);

        var trials = experiment.Results.OrderBy(r => r.Id).ToList();
        var bestTrial = trials.Where(r => r.Status == SweepTrialStatus.Completed).OrderBy(r => r.Mean).ThenBy(r => r.Id).FirstOrDefault();
        var final = bestTrial == null ? default : FitBest(mlContext, bestTrial.ToTrial(), splits, options, log);
        var leaderboard = SweepLeaderboard.Build(trials, options.Metric);
        double testScore = final.Metrics == null ? double.NaN : options.Metric.Score(final.Metrics);
        var files = SweepLeaderboard.Write(mlContext, options, trials, leaderboard, bestTrial, final.Model, final.Metrics, testScore, final.Error,
            splits.NonTest.Schema);
        var result = new SweepResult
        {
            Metric = options.Metric,
            Trials = trials,
            Leaderboard = leaderboard,
            ExecutedTrials = experiment.Executed,
            ResumedTrials = experiment.Resumed,
            MissingTrials = experiment.Missing,
            StopReason = experiment.StopReason,
            Best = bestTrial,
            BestModel = final.Model,
            TestMetrics = final.Metrics,
            TestScore = testScore,
            FinalFitError = final.Error,
            LeaderboardCsvPath = files.Csv,
            ReportPath = files.Report,
            PlotPath = files.Plot,
            ModelPath = files.Model,
            ModelSaveError = files.ModelSaveError,
        };
        log.Info($"sweep done in {clock.Elapsed.TotalSeconds:F1} s ({experiment.StopReason}): {experiment.Executed} trials run, {experiment.Resumed} resumed" +
                 (experiment.Missing.Count > 0 ? $", {experiment.Missing.Count} missing from the journal" : "") +
                 (bestTrial == null ? "; no trial completed" : $"; best trial {bestTrial.Id} ({bestTrial.Family}), test {options.Metric.Label()} {result.TestScore:G4}"));
        return result;
    }

    /// <summary>
    /// The splits a sweep uses for <paramref name="data"/>: round(TestFraction x groups) whole groups (at least one) for the
    /// test set, the other groups dealt round-robin into the folds, both by <see cref="GroupPartition"/> seeded by <see cref="SweepOptions.Seed"/>.
    /// Groups are assigned exactly rather than by ML.NET's hashed sampling key, which with a handful of groups (five skins,
    /// say) leaves folds empty or lopsided.
    /// </summary>
    public static SweepSplits Split(MLContext mlContext, IDataView data, SweepOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        string[] groups = GroupFilter.Groups(data, options.GroupColumnName);
        if (groups.Length < options.Folds + 1)
            throw new InvalidOperationException(
                $"{groups.Length} '{options.GroupColumnName}' groups cannot make a test set and {options.Folds} folds; use fewer folds or more groups.");
        var (rest, testGroups) = GroupPartition.HoldOut(groups, options.TestFraction, options.Seed, keptAtLeast: options.Folds);
        var test = testGroups.ToHashSet(StringComparer.Ordinal);
        var nonTest = rest.ToHashSet(StringComparer.Ordinal);
        var folds = GroupPartition.Folds(rest, options.Folds, options.Seed).Select(heldGroups =>
        {
            var held = heldGroups.ToHashSet(StringComparer.Ordinal);
            return new SweepFold(
                GroupFilter.Keep(mlContext, data, options.GroupColumnName, nonTest.Except(held).ToHashSet(StringComparer.Ordinal)),
                GroupFilter.Keep(mlContext, data, options.GroupColumnName, held));
        }).ToArray();
        return new SweepSplits(GroupFilter.Keep(mlContext, data, options.GroupColumnName, nonTest),
            GroupFilter.Keep(mlContext, data, options.GroupColumnName, test), folds);
    }

    // Cache every column and make one full pass: upstream transforms (the encoder) run exactly once, and concurrent trials
    // then read the same in-memory rows.
    private static IDataView Materialise(MLContext mlContext, IDataView data)
    {
        var columns = data.Schema.Where(c => !c.IsHidden).Select(c => c.Name).Distinct().ToArray();
        var cached = mlContext.Data.Cache(data, columns);
        using (var cursor = cached.GetRowCursor(cached.Schema))
            while (cursor.MoveNext()) { }
        return cached;
    }

    private static (ITransformer? Model, MultiOutputRegressionMetrics? Metrics, string? Error) FitBest(MLContext mlContext, SweepTrial trial,
        SweepSplits splits, SweepOptions options, TrainingLog<SweepProgress> log)
    {
        try
        {
            var context = new MLContext(trial.Seed(options.Seed));
            var model = SweepPipelines.CreateEstimator(context, trial, options, null, null, options.CancellationToken).Fit(splits.NonTest);
            var metrics = MultiOutputRegressionEvaluator.Evaluate(model.Transform(splits.Test), options.LabelColumnName, "Score", options.OutputNames);
            log.Info($"best trial {trial.Id} refitted on all non-test groups; test: {metrics}");
            return (model, metrics, null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.Info($"refitting the best trial {trial.Id} failed: {e.Message}");
            return (null, null, $"{e.GetType().Name}: {e.Message}");
        }
    }

    // Before any trial: a name list of the wrong length would otherwise fail only when the first fold is evaluated.
    private static void CheckOutputNames(DataViewSchema schema, SweepOptions options)
    {
        if (options.OutputNames is not { } names || schema.GetColumnOrNull(options.LabelColumnName) is not { } label) return;
        int width = label.Type is VectorDataViewType { IsKnownSize: true } vector ? vector.Size : label.Type is VectorDataViewType ? -1 : 1;
        if (width >= 0 && width != names.Count)
            throw new ArgumentException(
                $"Label column '{options.LabelColumnName}' has {width} values per row but {nameof(SweepOptions.OutputNames)} lists {names.Count}.", nameof(options));
    }

    private static void Validate(SweepOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxTrials < 1) throw new ArgumentOutOfRangeException(nameof(options), $"MaxTrials must be at least 1, got {options.MaxTrials}.");
        if (options.Folds < 2) throw new ArgumentOutOfRangeException(nameof(options), $"Folds must be at least 2, got {options.Folds}.");
        if (options.TestFraction is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(options), $"TestFraction must be in (0, 1), got {options.TestFraction}.");
        if (options.MaxDegreeOfParallelism < 1)
            throw new ArgumentOutOfRangeException(nameof(options), $"MaxDegreeOfParallelism must be at least 1, got {options.MaxDegreeOfParallelism}.");
        if (options.GridPointsPerRange < 1)
            throw new ArgumentOutOfRangeException(nameof(options), $"GridPointsPerRange must be at least 1, got {options.GridPointsPerRange}.");
        if (options.TrialTimeLimit is { } limit && limit <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(options), $"TrialTimeLimit must be positive or null, got {limit}.");
        if (options.MaximumMemoryInMegaByte is { } cap && !(cap > 0))
            throw new ArgumentOutOfRangeException(nameof(options), $"MaximumMemoryInMegaByte must be positive or null, got {cap}.");
        if (!Enum.IsDefined(options.Strategy))
            throw new ArgumentOutOfRangeException(nameof(options), $"Strategy must be one of {string.Join(", ", Enum.GetNames<SweepStrategy>())}, got {options.Strategy}.");
        options.MedianStopping?.Validate();
        if (options.EncoderColumns is null) throw new ArgumentNullException(nameof(options), "EncoderColumns must be set, got null.");
    }
}

using System.Collections.Concurrent;
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
    public static SweepResult Run(MLContext mlContext, IDataView data, SweepOptions options)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(data);
        Validate(options);
        CheckOutputNames(data.Schema, options);
        var token = options.CancellationToken;
        var clock = Stopwatch.StartNew();
        using var log = new TrainingLog<SweepProgress>(mlContext, nameof(DecoderSweep), options.Progress);

        var materialised = Materialise(mlContext, data);
        var splits = Split(mlContext, materialised, options);
        var space = options.SearchSpace ?? SweepSearchSpace.Default();
        var plan = space.Plan(options.Strategy, options.Seed, options.GridPointsPerRange).Take(options.MaxTrials).ToList();

        // The fingerprint costs one pass over the cached rows, so it is only computed when there is a journal to check.
        var journal = new SweepJournal(options.OutputFolder, options.OutputFolder == null ? "" : SweepFingerprint.Compute(materialised, options, space));
        var journalled = journal.Read(warning => log.Info($"warning: {warning}"));
        var results = new ConcurrentBag<SweepTrialResult>();
        var pending = new List<SweepTrial>();
        foreach (var trial in plan)
        {
            // A journalled trial is reused only if it is the very same trial: same id, family and parameter values.
            if (journalled.TryGetValue(trial.Id, out var done) && done.Family == trial.Family && new SweepParameters(done.Parameters).Equals(trial.Parameters))
                results.Add(done);
            else
                pending.Add(trial);
        }
        int resumed = results.Count;
        log.Info($"{plan.Count} trials planned ({options.Strategy}, seed {options.Seed}), {resumed} resumed from the journal; " +
                 $"{options.Folds}-fold cross-validation by '{options.GroupColumnName}', {options.MaxDegreeOfParallelism} at a time");

        int executed = 0;
        var gate = new Lock();
        double best = results.Where(r => r.Status == SweepTrialStatus.Completed).Select(r => r.Mean).DefaultIfEmpty(double.NaN).Min();
        int? threads = options.MaxDegreeOfParallelism > 1 ? 1 : null;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism, CancellationToken = token };
        try
        {
            // NoBuffering hands trials out in plan order, so a time budget cuts the end of the plan, not random trials.
            Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(pending, EnumerablePartitionerOptions.NoBuffering), parallel, trial =>
            {
                if (options.TimeBudget is { } budget && clock.Elapsed >= budget) return;
                var result = RunTrial(trial, splits, options, threads, token);
                token.ThrowIfCancellationRequested();
                journal.Append(result);
                lock (gate)
                {
                    results.Add(result);
                    executed++;
                    if (result.Status == SweepTrialStatus.Completed && !(result.Mean >= best)) best = result.Mean;
                    string outcome = result.Status == SweepTrialStatus.Completed
                        ? $"{options.Metric.Label()} {result.Mean:G4} ± {result.StandardDeviation:G3}"
                        : $"failed: {result.Error}";
                    log.Report(new SweepProgress(results.Count, plan.Count, result, best),
                        $"trial {trial.Id} {trial.Family} ({trial.Parameters}): {outcome} in {result.Seconds:F1} s; best {best:G4}");
                }
            });
        }
        catch (AggregateException e) when (token.IsCancellationRequested && e.Flatten().InnerExceptions.All(x => x is OperationCanceledException))
        {
            throw new OperationCanceledException("The sweep was cancelled; finished trials are in the journal.", e, token);
        }

        var trials = results.OrderBy(r => r.Id).ToList();
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
            ExecutedTrials = executed,
            ResumedTrials = resumed,
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
        log.Info($"sweep done in {clock.Elapsed.TotalSeconds:F1} s: {executed} trials run, {resumed} resumed" +
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

    private static SweepTrialResult RunTrial(SweepTrial trial, SweepSplits splits, SweepOptions options, int? threads, CancellationToken token)
    {
        var watch = Stopwatch.StartNew();
        var scores = new List<double>(splits.Folds.Count);
        try
        {
            foreach (var fold in splits.Folds)
            {
                token.ThrowIfCancellationRequested();
                // A context per trial and fold, seeded by the trial: parallel trials share no random state, and results
                // do not depend on which trials ran before or beside this one.
                var context = new MLContext(trial.Seed(options.Seed));
                var model = CreateEstimator(context, trial, options, threads, token).Fit(fold.TrainSet);
                token.ThrowIfCancellationRequested();
                var metrics = MultiOutputRegressionEvaluator.Evaluate(model.Transform(fold.TestSet), options.LabelColumnName, "Score", options.OutputNames);
                double score = options.Metric.Score(metrics);
                if (!double.IsFinite(score)) throw new InvalidOperationException($"The {options.Metric.Label()} of a fold is {score}.");
                scores.Add(score);
            }
            double mean = scores.Average();
            return Result(trial, SweepTrialStatus.Completed, watch, scores, mean, Math.Sqrt(scores.Average(s => (s - mean) * (s - mean))), null);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            var root = e is AggregateException { InnerException: { } inner } ? inner : e;
            return Result(trial, SweepTrialStatus.Failed, watch, [], double.NaN, double.NaN, $"{root.GetType().Name}: {root.Message}");
        }
    }

    private static SweepTrialResult Result(SweepTrial trial, SweepTrialStatus status, Stopwatch watch, IReadOnlyList<double> scores,
        double mean, double std, string? error) => new()
    {
        Id = trial.Id,
        Family = trial.Family,
        Parameters = trial.Parameters.Values.ToDictionary(),
        Status = status,
        FoldScores = scores,
        Mean = mean,
        StandardDeviation = std,
        Seconds = watch.Elapsed.TotalSeconds,
        Error = error,
    };

    private static IEstimator<ITransformer> CreateEstimator(MLContext context, SweepTrial trial, SweepOptions options, int? threads, CancellationToken token)
        => options.PipelineFactory?.Invoke(context, trial) ?? SweepPipelines.Create(context, trial, options, threads, token);

    private static (ITransformer? Model, MultiOutputRegressionMetrics? Metrics, string? Error) FitBest(MLContext mlContext, SweepTrial trial,
        SweepSplits splits, SweepOptions options, TrainingLog<SweepProgress> log)
    {
        try
        {
            var context = new MLContext(trial.Seed(options.Seed));
            var model = CreateEstimator(context, trial, options, null, options.CancellationToken).Fit(splits.NonTest);
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
    }
}

using System.Diagnostics;
using Microsoft.ML;
using Sparsh.MLNet.Evaluation;
using Sparsh.Trainers.Training;
using Sparsh.Transforms.Core;

namespace Sparsh.MLNet.Sweeps;

/// <summary>
/// The sweep's trial runner: group-aware K-fold cross-validation of the trial's pipeline on the non-test groups, each fold
/// in its own MLContext seeded by the trial, with median stopping on the folds' validation curves when it is on.
/// </summary>
internal sealed class CrossValidationTrialRunner(SweepSplits splits, SweepOptions options, int? threads, MedianStoppingRule? medianStopping) : ITrialRunner
{
    public Task<SweepTrialResult> RunAsync(SweepTrial trial, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(() => Run(trial, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private SweepTrialResult Run(SweepTrial trial, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var scores = new List<double>(splits.Folds.Count);
        var curves = new List<List<double>>();
        string? stopReason = null;
        // The trial's own source: median stopping cancels it without touching the caller's token.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            foreach (var fold in splits.Folds)
            {
                stop.Token.ThrowIfCancellationRequested();
                var curve = new List<double>();
                curves.Add(curve);
                int foldIndex = curves.Count - 1;
                double best = double.PositiveInfinity;
                var epochs = new SynchronousProgress<EpochReport>(report =>
                {
                    curve.Add(report.ValidationRmse);
                    if (report.Validated) best = Math.Min(best, report.ValidationRmse);
                    if (medianStopping?.ShouldStop(foldIndex, report.Epoch, best) is { } reason && stopReason == null)
                    {
                        stopReason = reason;
                        stop.Cancel();
                    }
                });
                // A context per trial and fold, seeded by the trial: parallel trials share no random state, and results
                // do not depend on which trials ran before or beside this one.
                var context = new MLContext(trial.Seed(options.Seed));
                var model = SweepPipelines.CreateEstimator(context, trial, options, threads, epochs, stop.Token).Fit(fold.TrainSet);
                stop.Token.ThrowIfCancellationRequested();
                var metrics = MultiOutputRegressionEvaluator.Evaluate(model.Transform(fold.TestSet), options.LabelColumnName, "Score", options.OutputNames);
                double score = options.Metric.Score(metrics);
                if (!double.IsFinite(score)) throw new InvalidOperationException($"The {options.Metric.Label()} of a fold is {score}.");
                scores.Add(score);
            }
            double mean = scores.Average();
            return Result(trial, SweepTrialStatus.Completed, watch, scores, mean, Math.Sqrt(scores.Average(s => (s - mean) * (s - mean))), null, curves);
        }
        catch (Exception e) when (stopReason != null && !cancellationToken.IsCancellationRequested && IsCancellation(e))
        {
            return Result(trial, SweepTrialStatus.Stopped, watch, scores, double.NaN, double.NaN, stopReason, curves);
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && IsCancellation(e))
        {
            throw new OperationCanceledException($"Trial {trial.Id} was cancelled.", e, cancellationToken);
        }
        catch (Exception e)
        {
            var root = e is AggregateException { InnerException: { } inner } ? inner : e;
            return Result(trial, SweepTrialStatus.Failed, watch, [], double.NaN, double.NaN, $"{root.GetType().Name}: {root.Message}", curves);
        }
    }

    // Trainers surface a cancelled token as OperationCanceledException, sometimes wrapped by ML.NET or a parallel loop.
    private static bool IsCancellation(Exception e) => e is OperationCanceledException
        || e is AggregateException aggregate && aggregate.Flatten().InnerExceptions.All(x => x is OperationCanceledException)
        || e.InnerException is OperationCanceledException;

    private static SweepTrialResult Result(SweepTrial trial, SweepTrialStatus status, Stopwatch watch, IReadOnlyList<double> scores,
        double mean, double std, string? error, List<List<double>> curves) => new()
    {
        Id = trial.Id,
        Family = trial.Family,
        Parameters = trial.Parameters.Values.ToDictionary(),
        Status = status,
        FoldScores = status == SweepTrialStatus.Completed ? scores : [],
        Mean = mean,
        StandardDeviation = std,
        Seconds = watch.Elapsed.TotalSeconds,
        Error = error,
        ValidationCurves = curves.Any(c => c.Count > 0) ? curves.Select(c => (IReadOnlyList<double>)c.ToArray()).ToArray() : [],
    };
}

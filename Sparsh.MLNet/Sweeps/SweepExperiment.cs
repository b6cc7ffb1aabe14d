using System.Diagnostics;
using System.Globalization;
using Sparsh.Transforms.Core;

namespace Sparsh.MLNet.Sweeps;

/// <summary>
/// The trial loop behind <see cref="DecoderSweep"/>: asks the tuner for up to <see cref="SweepOptions.MaxDegreeOfParallelism"/>
/// trials, reuses the journalled ones, runs the rest at once (each with its own token for the time limit and the memory cap,
/// and its CPU and memory measured), journals and reports them, then updates the tuner and the median-stopping history with
/// the batch in id order, so an adaptive tuner proposes the same trials on every run with the same seed. Stops on the trial
/// count, an exhausted tuner, the time budget, the memory cap or the caller's token.
/// </summary>
internal sealed class SweepExperiment(SweepOptions options, ITuner tuner, ITrialRunner runner, SweepJournal journal,
    IReadOnlyDictionary<int, SweepTrialResult> journalled, MedianStoppingRule? medianStopping, TrainingLog<SweepProgress> log, int planned)
{
    private readonly Lock _gate = new();
    private readonly List<CancellationTokenSource> _running = [];
    private readonly List<SweepTrialResult> _results = [];
    private double _best = double.NaN;
    private double? _memoryOverCap;
    private bool _timeBudgetHit;

    public IReadOnlyList<SweepTrialResult> Results => _results;

    public int Executed { get; private set; }

    public int Resumed { get; private set; }

    /// <summary>Trials planned but neither journalled nor run (only when <c>execute</c> is false: a report over a shared journal).</summary>
    public List<int> Missing { get; } = [];

    public SweepStopReason StopReason { get; private set; } = SweepStopReason.TrialCount;

    /// <param name="clock">Started with the sweep; the time budget is measured on it.</param>
    /// <param name="execute">False reports on the journal only: trials missing from it are listed in <see cref="Missing"/>, not run.</param>
    public void Run(Stopwatch clock, bool execute)
    {
        var token = options.CancellationToken;
        using var sampler = new ResourceSampler(options.MaximumMemoryInMegaByte, OverMemoryCap);
        int nextId = 0;
        bool stop = false;
        while (!stop)
        {
            token.ThrowIfCancellationRequested();
            var batch = new List<SweepTrial>();
            while (batch.Count < options.MaxDegreeOfParallelism && nextId < options.MaxTrials)
            {
                var trial = tuner.Propose(nextId);
                if (trial == null)
                {
                    StopReason = SweepStopReason.TunerExhausted;
                    stop = true;
                    break;
                }
                if (trial.Id != nextId) throw new InvalidOperationException($"The tuner proposed trial {trial.Id} when asked for trial {nextId}.");
                nextId++;
                batch.Add(trial);
            }
            if (nextId >= options.MaxTrials) stop = true;
            if (batch.Count == 0) break;

            var outcomes = batch.Select(trial => Start(trial, sampler, clock, execute)).ToArray();
            try
            {
                Task.WaitAll(outcomes.Where(o => o != null).Select(o => (Task)o!).ToArray());
            }
            catch (AggregateException e) when (token.IsCancellationRequested && e.Flatten().InnerExceptions.All(x => x is OperationCanceledException))
            {
                throw new OperationCanceledException("The sweep was cancelled; finished trials are in the journal.", e, token);
            }
            // In id order: the tuner and the median-stopping history see the same sequence however the batch's trials raced.
            for (int i = 0; i < batch.Count; i++)
            {
                if (outcomes[i]?.Result is not { } result)
                {
                    // Not started: the time budget or memory cap ran out, or (report only) the trial is not journalled.
                    if (!execute) Missing.Add(batch[i].Id);
                    else stop = true;
                    continue;
                }
                tuner.Update(result);
                medianStopping?.Add(result);
                if (result.Status == SweepTrialStatus.Completed && !(result.Mean >= _best)) _best = result.Mean;
                _results.Add(result);
            }
            if (_timeBudgetHit) StopReason = SweepStopReason.TimeBudget;
            if (_memoryOverCap != null) StopReason = SweepStopReason.MemoryCap;
            if (_timeBudgetHit || _memoryOverCap != null) stop = true;
        }
    }

    // A journalled trial is reused only if it is the very same trial: same id, family and parameter values.
    private Task<SweepTrialResult>? Start(SweepTrial trial, ResourceSampler sampler, Stopwatch clock, bool execute)
    {
        if (journalled.TryGetValue(trial.Id, out var done) && done.Family == trial.Family && new SweepParameters(done.Parameters).Equals(trial.Parameters))
        {
            Resumed++;
            return Task.FromResult(done);
        }
        if (!execute) return null;
        if (options.SkipTrial?.Invoke(trial) == true)
        {
            var skipped = new SweepTrialResult
            {
                Id = trial.Id, Family = trial.Family, Parameters = trial.Parameters.Values.ToDictionary(), Status = SweepTrialStatus.Skipped,
                Error = "skipped by SweepOptions.SkipTrial",
            };
            options.Monitor?.ReportFailTrial(skipped);
            log.Info($"trial {trial.Id} {trial.Family} ({trial.Parameters}) skipped");
            return Task.FromResult(skipped);
        }
        if (options.TimeBudget is { } budget && clock.Elapsed >= budget)
        {
            _timeBudgetHit = true;
            return null;
        }
        if (_memoryOverCap != null) return null;
        return RunAsync(trial, sampler);
    }

    private async Task<SweepTrialResult> RunAsync(SweepTrial trial, ResourceSampler sampler)
    {
        var token = options.CancellationToken;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(token);
        if (options.TrialTimeLimit is { } timeLimit) cancel.CancelAfter(timeLimit);
        lock (_gate) _running.Add(cancel);
        options.Monitor?.ReportRunningTrial(trial);
        var watch = Stopwatch.StartNew();
        SweepTrialResult result;
        var peak = sampler.Track();
        try
        {
            if (_memoryOverCap != null) cancel.Cancel();
            result = await runner.RunAsync(trial, cancel.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!token.IsCancellationRequested)
        {
            string reason = _memoryOverCap is { } memory
                ? string.Create(CultureInfo.InvariantCulture, $"stopped: the process used {memory:F0} MiB, over the memory cap of {options.MaximumMemoryInMegaByte:F0} MiB")
                : options.TrialTimeLimit is { } limit ? $"stopped: ran past the trial time limit of {limit.TotalSeconds:G4} s" : "stopped: cancelled";
            result = new SweepTrialResult
            {
                Id = trial.Id, Family = trial.Family, Parameters = trial.Parameters.Values.ToDictionary(), Status = SweepTrialStatus.Stopped,
                Seconds = watch.Elapsed.TotalSeconds, Error = reason,
            };
        }
        finally
        {
            peak.Dispose();
            lock (_gate) _running.Remove(cancel);
        }
        result = result.WithResources(peak.Cpu, peak.MemoryInMegaByte);
        token.ThrowIfCancellationRequested();
        // A trial stopped by the memory cap says nothing about the trial itself: it is left out of the journal and reruns on resume.
        bool byMemoryCap = result.Status == SweepTrialStatus.Stopped && _memoryOverCap != null && result.Error?.Contains("memory cap", StringComparison.Ordinal) == true;
        if (!byMemoryCap) journal.Append(result);
        Report(trial, result);
        return result;
    }

    private void Report(SweepTrial trial, SweepTrialResult result)
    {
        lock (_gate)
        {
            Executed++;
            bool best = result.Status == SweepTrialStatus.Completed && !(result.Mean >= _best);
            if (best) _best = result.Mean;
            if (result.Status == SweepTrialStatus.Completed)
            {
                options.Monitor?.ReportCompletedTrial(result);
                if (best) options.Monitor?.ReportBestTrial(result);
            }
            else options.Monitor?.ReportFailTrial(result);
            string outcome = result.Status switch
            {
                SweepTrialStatus.Completed => $"{options.Metric.Label()} {result.Mean:G4} ± {result.StandardDeviation:G3}",
                SweepTrialStatus.Stopped => result.Error!,
                _ => $"failed: {result.Error}",
            };
            log.Report(new SweepProgress(Resumed + Executed, planned, result, _best),
                $"trial {trial.Id} {trial.Family} ({trial.Parameters}): {outcome} in {result.Seconds:F1} s; best {_best:G4}");
        }
    }

    private void OverMemoryCap(double memoryInMegaByte)
    {
        CancellationTokenSource[] running;
        lock (_gate)
        {
            _memoryOverCap = memoryInMegaByte;
            running = _running.ToArray();
        }
        log.Info(string.Create(CultureInfo.InvariantCulture,
            $"the process uses {memoryInMegaByte:F0} MiB, over the memory cap of {options.MaximumMemoryInMegaByte:F0} MiB: running trials are stopped and no new trial starts"));
        foreach (var source in running)
            try { source.Cancel(); } catch (ObjectDisposedException) { } // the trial ended meanwhile
    }
}

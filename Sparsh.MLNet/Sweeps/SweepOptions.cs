using Microsoft.ML;
using Sparsh.Trainers.Encoder;
using Sparsh.Transforms.Xela;

namespace Sparsh.MLNet.Sweeps;

/// <summary>Options of <see cref="DecoderSweep"/> (<c>mlContext.Sparsh().Sweep(data, options)</c>).</summary>
public sealed class SweepOptions
{
    /// <summary>Families and hyperparameter domains; all four families with default domains when null.</summary>
    public SweepSearchSpace? SearchSpace { get; set; }

    /// <summary>Random, grid or cost-frugal search; ignored when <see cref="Tuner"/> is set.</summary>
    public SweepStrategy Strategy { get; set; } = SweepStrategy.Random;

    /// <summary>A tuner of your own (it proposes trial ids 0, 1, 2, ... in order); null uses <see cref="Strategy"/>'s.</summary>
    public ITuner? Tuner { get; set; }

    /// <summary>Most trials to run (grid: the first this many combinations).</summary>
    public int MaxTrials { get; set; } = 20;

    /// <summary>No new trial starts after this much time; running trials finish. Null: no time limit.</summary>
    public TimeSpan? TimeBudget { get; set; }

    /// <summary>
    /// A trial still running after this long is cancelled and recorded as <see cref="SweepTrialStatus.Stopped"/> (journalled:
    /// a resume does not retry it). Null: no limit.
    /// </summary>
    public TimeSpan? TrialTimeLimit { get; set; }

    /// <summary>
    /// Memory cap in MiB on the process's working set, sampled every 200 ms and when each trial starts: above it the running
    /// trials are cancelled (recorded as Stopped, not journalled, so a resume reruns them) and the sweep starts no new trial.
    /// Null: no cap.
    /// </summary>
    public double? MaximumMemoryInMegaByte { get; set; }

    /// <summary>Trials for which this returns true are not run (status Skipped, not journalled). Null runs every trial.</summary>
    public Func<SweepTrial, bool>? SkipTrial { get; set; }

    /// <summary>Stops attentive-pooler trials whose validation curve trails the median of earlier trials; null (default) never stops early.</summary>
    public MedianStoppingOptions? MedianStopping { get; set; }

    /// <summary>Receives each trial as it starts, completes, becomes best or fails (besides the log and <see cref="Progress"/>).</summary>
    public IMonitor? Monitor { get; set; }

    /// <summary>Grid points for each integer or float range (choices always give every value).</summary>
    public int GridPointsPerRange { get; set; } = 3;

    /// <summary>Seed of the plan, the splits and every trial's trainers.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Lower-is-better metric the leaderboard ranks by.</summary>
    public SweepMetric Metric { get; set; } = SweepMetric.MeanRootMeanSquaredError;

    /// <summary>Cross-validation folds over the non-test groups.</summary>
    public int Folds { get; set; } = 3;

    /// <summary>Fraction of groups held out as the test set, scored only by the final best pipeline.</summary>
    public double TestFraction { get; set; } = 0.2;

    /// <summary>Text column of the groups that splits keep together: the recording id, or e.g. "SkinId" to test on unseen skins.</summary>
    public string GroupColumnName { get; set; } = XelaColumnNames.RecordingId;

    /// <summary>Encoder tokens [tokens, width] for the attentive pooler.</summary>
    public string TokensColumnName { get; set; } = "Tokens";

    /// <summary>Pooled embedding [width] for the standard ML.NET trainers.</summary>
    public string EmbeddingColumnName { get; set; } = "Embedding";

    /// <summary>Float vector label (e.g. force [3]).</summary>
    public string LabelColumnName { get; set; } = XelaColumnNames.Label;

    /// <summary>Output names for the metrics (e.g. Fx, Fy, Fz); null names them output0...</summary>
    public IReadOnlyList<string>? OutputNames { get; set; }

    /// <summary>Trials run at once. Above 1, every TorchSharp and tree trainer is limited to one thread so trials do not oversubscribe cores.</summary>
    public int MaxDegreeOfParallelism { get; set; } = 1;

    /// <summary>FineTune trials: the pretrained encoder to start from (copied per trial; never changed). Its weights are part of the journal's fingerprint.</summary>
    public SparshSkinEncoder? Encoder { get; set; }

    /// <summary>EndToEnd trials: the architecture to train from scratch; null uses <see cref="Encoder"/>'s, else the micro size.</summary>
    public SparshSkinEncoderConfig? EncoderConfig { get; set; }

    /// <summary>FineTune and EndToEnd trials: the window columns the encoder reads (normalised flux, taxel positions, validity).</summary>
    public SparshSkinEncoderColumns EncoderColumns { get; set; } = new();

    /// <summary>Attentive pooler: windows per step (not swept).</summary>
    public int BatchSize { get; set; } = 32;

    /// <summary>Attentive pooler: fraction of each fold's training groups used for early stopping (0 disables).</summary>
    public double ValidationFraction { get; set; } = 0.15;

    /// <summary>
    /// Folder for trials.jsonl (the resume journal), leaderboard.csv/.md, best-score.png and best-model.zip. A rerun with the
    /// same folder skips trials already journalled with the same id and parameters. Null keeps everything in memory.
    /// Each journal line carries a SHA-256 fingerprint of the data, the search space and the options that change scores
    /// (seed, folds, test fraction, column names, metric, batch size, validation fraction): a journal written for anything
    /// else is refused with an <see cref="InvalidOperationException"/> naming it, and unreadable lines (a torn last line
    /// after a kill) are logged with their line number and run again. The fingerprint catches mix-ups, not forgery: a
    /// score edited in a journal of the same data and space cannot be detected, nor can a changed <see cref="PipelineFactory"/>.
    /// </summary>
    public string? OutputFolder { get; set; }

    /// <summary>Builds a trial's estimator instead of the built-in families (custom pipelines, tests); it must produce a float vector Score column.</summary>
    public Func<MLContext, SweepTrial, IEstimator<ITransformer>>? PipelineFactory { get; set; }

    /// <summary>Reports each finished trial.</summary>
    public IProgress<SweepProgress>? Progress { get; set; }

    /// <summary>Stops the sweep: running trials are abandoned (not journalled) and the call throws <see cref="OperationCanceledException"/>.</summary>
    public CancellationToken CancellationToken { get; set; }
}

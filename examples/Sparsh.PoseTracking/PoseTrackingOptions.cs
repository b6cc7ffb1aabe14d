using Sparsh.MLNet.Studies;

namespace Sparsh.PoseTracking;

/// <summary>What a tracking run tracks and how big it is. <see cref="Default"/> takes about 18 minutes on 2 cores; <see cref="Smoke"/> about one.</summary>
public sealed record PoseTrackingOptions
{
    /// <summary>The sequence task: object pose (default) or joystick state.</summary>
    public TrackingTask Task { get; init; } = TrackingTask.Pose;

    /// <summary>Folder for data, the report and plots.</summary>
    public string OutputDirectory { get; init; } = "pose-output";

    /// <summary>Seed of everything (simulation, budgets, initialisation, batch order).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Labelled recordings of the task (and play recordings for an encoder pretrained here); about 15 % are the test set.</summary>
    public int Recordings { get; init; } = 20;

    /// <summary>Seconds of each recording (10 windows per second).</summary>
    public double Seconds { get; init; } = 20;

    /// <summary>Pretrained encoder to use (e.g. the Quickstart's checkpoint); when missing, a small one is pretrained on simulated play.</summary>
    public string? EncoderCheckpoint { get; init; } = Path.Combine("quickstart-output", "checkpoints", "pretraining.ckpt");

    /// <summary>Pretraining epochs when no checkpoint is found.</summary>
    public int PretrainingEpochs { get; init; } = 2;

    /// <summary>
    /// Optimiser steps of each temporal decoder, whatever its budget: epochs are chosen to reach them, so one recording is
    /// seen many times and the full budget a few (fixed: the small budgets leave no recordings for early stopping).
    /// 200 keeps the default run short; the full budget needs ~600 to track translation (docs/results.md).
    /// </summary>
    public int OptimizerSteps { get; init; } = 200;

    /// <summary>Sequences per optimiser step.</summary>
    public int BatchSize { get; init; } = 4;

    /// <summary>Windows per training sequence (50 x 0.1 s = 5 s).</summary>
    public int SequenceLengthWindows { get; init; } = 50;

    /// <summary>Labelled recordings per budget (nested); the largest must leave <see cref="ValidationRecordings"/> of the non-test recordings.</summary>
    public IReadOnlyList<int> BudgetRecordings { get; init; } = [1, 15];

    /// <summary>Labelled recordings set aside to early-stop the decoders and choose each mode's learning rate.</summary>
    public int ValidationRecordings { get; init; } = 2;

    /// <summary>Seeds of the study (budget draws, initialisation, batch order); several give mean ± std.</summary>
    public IReadOnlyList<int> StudySeeds { get; init; } = [1];

    /// <summary>Learning rates every mode is tuned over on the validation recordings.</summary>
    public IReadOnlyList<double> LearningRates { get; init; } = [1e-3];

    /// <summary>Modes compared.</summary>
    public IReadOnlyList<SampleEfficiencyMode> Modes { get; init; } = [SampleEfficiencyMode.Frozen, SampleEfficiencyMode.FineTune, SampleEfficiencyMode.EndToEnd];

    /// <summary>The default run: the acceptance table of docs/results.md.</summary>
    public static PoseTrackingOptions Default { get; } = new();

    /// <summary>A tiny run for the test suite: every mode and budget, small numbers.</summary>
    public static PoseTrackingOptions Smoke { get; } = new()
    {
        Recordings = 6, Seconds = 3, PretrainingEpochs = 1, OptimizerSteps = 2, SequenceLengthWindows = 10, EncoderCheckpoint = null,
        BudgetRecordings = [1, 2], ValidationRecordings = 1,
    };
}

using System.ComponentModel;
using Sparsh.Examples.Cli;
using Sparsh.MLNet.Studies;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Sparsh.PoseTracking;

/// <summary>The pose study's command line. Options left out keep the preset's value (<see cref="PoseTrackingOptions.Default"/>, or <see cref="PoseTrackingOptions.Smoke"/> with --smoke).</summary>
public sealed class PoseTrackingSettings : CommandSettings
{
    [CommandOption("--smoke")]
    [Description("Tiny sizes, about a minute (what the test suite runs).")]
    public bool Smoke { get; set; }

    [CommandOption("--task <TASK>")]
    [Description("What to track: pose (object pose Tx, Ty, theta) or joystick (x, y, z in [-1, 1]). Default: pose.")]
    public string? Task { get; set; }

    [CommandOption("--out <DIR>")]
    [Description("Folder for data, the report and plots. Default: pose-output (joystick-output with --task joystick).")]
    public string? OutputDirectory { get; set; }

    [CommandOption("--recordings <N>")]
    [Description("Labelled recordings of the task (about 15 % are the test set). Default: 20 (smoke 6).")]
    public int? Recordings { get; set; }

    [CommandOption("--seconds <S>")]
    [Description("Seconds of each recording. Default: 20 (smoke 3).")]
    public double? Seconds { get; set; }

    [CommandOption("--steps <N>")]
    [Description("Optimiser steps of each temporal decoder. Default: 200 (smoke 2); the full budget needs about 600 to track translation.")]
    public int? Steps { get; set; }

    [CommandOption("--budgets <LIST>")]
    [Description("Labelled recordings per budget, comma-separated. Default: 1,15 (smoke 1,2).")]
    public string? Budgets { get; set; }

    [CommandOption("--seeds <LIST>")]
    [Description("Seeds of the study, comma-separated. Default: 1.")]
    public string? Seeds { get; set; }

    [CommandOption("--modes <LIST>")]
    [Description("Modes compared, comma-separated: Frozen, FineTune, EndToEnd, Hiss (the supervised HiSS baseline), LinearProbe or SignalProbe (per-window ridge probes of the encoder and of the signal). Default: Frozen,FineTune,EndToEnd.")]
    public string? Modes { get; set; }

    [CommandOption("--encoder <CHECKPOINT>")]
    [Description("Pretrained encoder; when missing, a small one is pretrained here. Default: quickstart-output/checkpoints/pretraining.ckpt (smoke: none).")]
    public string? Encoder { get; set; }

    [CommandOption("--seed <N>")]
    [Description("Seed of everything (simulation, budgets, initialisation, batch order). Default: 1.")]
    public int? Seed { get; set; }

    /// <inheritdoc/>
    public override ValidationResult Validate()
    {
        if (Task != null && TrackingTask.Find(Task) is null)
            return ValidationResult.Error($"--task takes one of {string.Join(", ", TrackingTask.All.Select(t => t.Name))}; got '{Task}'.");
        if (Recordings is < 1) return ValidationResult.Error($"--recordings must be at least 1; got {Recordings}.");
        if (Steps is < 1) return ValidationResult.Error($"--steps must be at least 1; got {Steps}.");
        if (Seconds is { } s && !(s > 0 && double.IsFinite(s))) return ValidationResult.Error($"--seconds must be a positive number; got {s}.");
        if (Budgets != null && (CommaList.Ints(Budgets) is not { } budgets || budgets.Any(b => b < 1)))
            return ValidationResult.Error($"--budgets takes comma-separated whole numbers of at least 1, e.g. 1,15; got '{Budgets}'.");
        if (Seeds != null && CommaList.Ints(Seeds) is null)
            return ValidationResult.Error($"--seeds takes comma-separated whole numbers, e.g. 1,2,3; got '{Seeds}'.");
        if (Modes != null && CommaList.Enums<SampleEfficiencyMode>(Modes) is null)
            return ValidationResult.Error($"--modes takes comma-separated modes from {string.Join(", ", Enum.GetNames<SampleEfficiencyMode>())}; got '{Modes}'.");
        return ValidationResult.Success();
    }

    /// <summary>The run these settings describe: the preset, then every option given.</summary>
    public PoseTrackingOptions ToOptions()
    {
        var options = Smoke ? PoseTrackingOptions.Smoke : PoseTrackingOptions.Default;
        var task = Task != null ? TrackingTask.Find(Task)! : options.Task;
        return options with
        {
            Task = task,
            // Each task simulates its own data: a joystick run does not reuse (or overwrite) the pose run's folder.
            OutputDirectory = OutputDirectory ?? (task == options.Task ? options.OutputDirectory : $"{task.Name}-output"),
            Recordings = Recordings ?? options.Recordings,
            Seconds = Seconds ?? options.Seconds,
            OptimizerSteps = Steps ?? options.OptimizerSteps,
            BudgetRecordings = Budgets != null ? CommaList.Ints(Budgets)! : options.BudgetRecordings,
            StudySeeds = Seeds != null ? CommaList.Ints(Seeds)! : options.StudySeeds,
            Modes = Modes != null ? CommaList.Enums<SampleEfficiencyMode>(Modes)! : options.Modes,
            EncoderCheckpoint = Encoder ?? options.EncoderCheckpoint,
            Seed = Seed ?? options.Seed,
        };
    }
}

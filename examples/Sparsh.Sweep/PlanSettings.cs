using System.ComponentModel;
using Sparsh.MLNet.Sweeps;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Sparsh.Sweep;

/// <summary><c>sweep plan</c>: writes plan.json for a trial-per-process sweep.</summary>
public sealed class PlanSettings : CommandSettings
{
    [CommandOption("--out <FILE>")]
    [Description("Where to write the plan.")]
    [DefaultValue("plan.json")]
    public string PlanPath { get; set; } = "plan.json";

    [CommandOption("--smoke")]
    [Description("The small search space (as the one-process sweep's --smoke).")]
    public bool Smoke { get; set; }

    [CommandOption("--trials <N>")]
    [Description("Trials in the plan (grid: the first N combinations).")]
    [DefaultValue(24)]
    public int Trials { get; set; } = 24;

    [CommandOption("--grid")]
    [Description("Walk the search space as a grid instead of sampling it at random.")]
    public bool Grid { get; set; }

    [CommandOption("--seed <N>")]
    [Description("Seed of the trials, the splits and the trainers.")]
    [DefaultValue(1)]
    public int Seed { get; set; } = 1;

    [CommandOption("--folds <N>")]
    [Description("Cross-validation folds.")]
    [DefaultValue(3)]
    public int Folds { get; set; } = 3;

    [CommandOption("--families <LIST>")]
    [Description("Only these families, comma-separated (AttentivePooler, FastTree, LightGbm, Sdca).")]
    public string? Families { get; set; }

    [CommandOption("--epochs <N>")]
    [Description("Fix the attentive pooler's epochs (with --smoke).")]
    public int? Epochs { get; set; }

    [CommandOption("--trial-time-limit <SECONDS>")]
    [Description("Stop a trial still running after this many seconds (recorded as Stopped).")]
    public double? TrialTimeLimitSeconds { get; set; }

    [CommandOption("--data <FILE>")]
    [Description("An ML.NET binary data file (.idv) with Tokens, Embedding, Label and RecordingId; a relative path is read from the plan's folder. Default: synthetic windows.")]
    public string? DataPath { get; set; }

    [CommandOption("--recordings <N>")]
    [Description("Synthetic data: recordings.")]
    [DefaultValue(16)]
    public int Recordings { get; set; } = 16;

    [CommandOption("--windows <N>")]
    [Description("Synthetic data: windows per recording.")]
    [DefaultValue(20)]
    public int WindowsPerRecording { get; set; } = 20;

    /// <summary>The --families list, parsed.</summary>
    public IReadOnlyCollection<SweepFamily> FamilyList => Families == null ? [] :
        Families.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(f => Enum.Parse<SweepFamily>(f, ignoreCase: true)).ToArray();

    /// <inheritdoc/>
    public override ValidationResult Validate()
    {
        if (Trials < 1) return ValidationResult.Error($"--trials must be at least 1; got {Trials}.");
        if (Folds < 2) return ValidationResult.Error($"--folds must be at least 2; got {Folds}.");
        if (Epochs is < 1) return ValidationResult.Error($"--epochs must be at least 1; got {Epochs}.");
        if (TrialTimeLimitSeconds is { } limit && !(limit > 0)) return ValidationResult.Error($"--trial-time-limit must be positive; got {limit}.");
        if (Recordings < Folds + 1) return ValidationResult.Error($"--recordings must be at least --folds + 1 ({Folds + 1}); got {Recordings}.");
        if (WindowsPerRecording < 1) return ValidationResult.Error($"--windows must be at least 1; got {WindowsPerRecording}.");
        foreach (string family in Families?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [])
            if (!Enum.TryParse<SweepFamily>(family, ignoreCase: true, out _))
                return ValidationResult.Error($"--families: '{family}' is not a family; expected {string.Join(", ", Enum.GetNames<SweepFamily>())}.");
        return ValidationResult.Success();
    }
}

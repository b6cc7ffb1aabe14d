using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Sparsh.Sweep;

/// <summary>The sweep's command line. Run again with the same --out to resume: finished trials are not rerun.</summary>
public sealed class SweepSettings : CommandSettings
{
    [CommandOption("--smoke")]
    [Description("A small search space on less data, a few trials.")]
    public bool Smoke { get; set; }

    [CommandOption("--trials <N>")]
    [Description("Trials to run. Default: 24 (smoke 6).")]
    public int? Trials { get; set; }

    [CommandOption("--parallel <N>")]
    [Description("Trials run at a time.")]
    [DefaultValue(1)]
    public int Parallel { get; set; } = 1;

    [CommandOption("--grid")]
    [Description("Walk the search space as a grid instead of sampling it at random.")]
    public bool Grid { get; set; }

    [CommandOption("--tuner <NAME>")]
    [Description("Random, Grid or CostFrugal (--grid is short for --tuner Grid).")]
    public string? Tuner { get; set; }

    [CommandOption("--out <DIR>")]
    [Description("Folder for the journal, the leaderboard and the best model; the same folder resumes a sweep.")]
    [DefaultValue("sweep-output")]
    public string OutputDirectory { get; set; } = "sweep-output";

    /// <summary>The tuner: --tuner, else Grid with --grid, else Random.</summary>
    public MLNet.Sweeps.SweepStrategy Strategy =>
        Tuner != null ? Enum.Parse<MLNet.Sweeps.SweepStrategy>(Tuner, ignoreCase: true) : Grid ? MLNet.Sweeps.SweepStrategy.Grid : MLNet.Sweeps.SweepStrategy.Random;

    /// <summary>Trials to run: --trials, or the preset's count.</summary>
    public int TrialCount => Trials ?? (Smoke ? 6 : 24);

    /// <inheritdoc/>
    public override ValidationResult Validate()
    {
        if (Trials is < 1) return ValidationResult.Error($"--trials must be at least 1; got {Trials}.");
        if (Parallel < 1) return ValidationResult.Error($"--parallel must be at least 1; got {Parallel}.");
        if (Tuner != null && !Enum.TryParse<MLNet.Sweeps.SweepStrategy>(Tuner, ignoreCase: true, out _))
            return ValidationResult.Error($"--tuner must be Random, Grid or CostFrugal; got '{Tuner}'.");
        return ValidationResult.Success();
    }
}

using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Sparsh.Sweep;

/// <summary><c>sweep compare</c>: cost-frugal against random search at equal wall-clock budget.</summary>
public sealed class CompareSettings : CommandSettings
{
    [CommandOption("--seconds <S>")]
    [Description("Wall-clock budget of each sweep (no trial starts after it).")]
    [DefaultValue(60)]
    public double Seconds { get; set; } = 60;

    [CommandOption("--seeds <LIST>")]
    [Description("Seeds, comma-separated; each runs both tuners.")]
    [DefaultValue("1,2,3")]
    public string Seeds { get; set; } = "1,2,3";

    [CommandOption("--recordings <N>")]
    [Description("Synthetic recordings.")]
    [DefaultValue(16)]
    public int Recordings { get; set; } = 16;

    [CommandOption("--windows <N>")]
    [Description("Synthetic windows per recording.")]
    [DefaultValue(20)]
    public int WindowsPerRecording { get; set; } = 20;

    [CommandOption("--folds <N>")]
    [Description("Cross-validation folds.")]
    [DefaultValue(3)]
    public int Folds { get; set; } = 3;

    [CommandOption("--out <DIR>")]
    [Description("Folder for comparison.md and comparison.csv.")]
    [DefaultValue("tuner-comparison")]
    public string OutputDirectory { get; set; } = "tuner-comparison";

    /// <summary>The parsed seeds.</summary>
    public int[] SeedList => Seeds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToArray();

    /// <inheritdoc/>
    public override ValidationResult Validate()
    {
        if (!(Seconds > 0)) return ValidationResult.Error($"--seconds must be positive; got {Seconds}.");
        if (Folds < 2) return ValidationResult.Error($"--folds must be at least 2; got {Folds}.");
        if (Recordings < Folds + 1) return ValidationResult.Error($"--recordings must be at least --folds + 1 ({Folds + 1}); got {Recordings}.");
        if (WindowsPerRecording < 1) return ValidationResult.Error($"--windows must be at least 1; got {WindowsPerRecording}.");
        if (Seeds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is not { Length: > 0 } seeds || seeds.Any(s => !int.TryParse(s, out _)))
            return ValidationResult.Error($"--seeds must be a comma-separated list of integers; got '{Seeds}'.");
        return ValidationResult.Success();
    }
}

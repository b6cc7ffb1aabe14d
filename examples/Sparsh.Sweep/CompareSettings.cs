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
        if (Seeds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is not { Length: > 0 } seeds || seeds.Any(s => !int.TryParse(s, out _)))
            return ValidationResult.Error($"--seeds must be a comma-separated list of integers; got '{Seeds}'.");
        return ValidationResult.Success();
    }
}

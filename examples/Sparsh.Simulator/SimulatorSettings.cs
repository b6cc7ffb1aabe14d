using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Sparsh.Simulator;

/// <summary>The simulator's command line.</summary>
public sealed class SimulatorSettings : CommandSettings
{
    [CommandOption("--out <DIR>")]
    [Description("Folder for the data and the plausibility report.")]
    [DefaultValue("simulated")]
    public string OutputDirectory { get; set; } = "simulated";

    [CommandOption("--recordings <N>")]
    [Description("Recordings per task.")]
    [DefaultValue(3)]
    public int Recordings { get; set; } = 3;

    [CommandOption("--seconds <S>")]
    [Description("Seconds of each recording.")]
    [DefaultValue(20.0)]
    public double Seconds { get; set; } = 20;

    [CommandOption("--seed <N>")]
    [Description("Seed of the simulation.")]
    [DefaultValue(1)]
    public int Seed { get; set; } = 1;

    /// <inheritdoc/>
    public override ValidationResult Validate()
    {
        if (Recordings < 1) return ValidationResult.Error($"--recordings must be at least 1; got {Recordings}.");
        if (!(Seconds > 0 && double.IsFinite(Seconds))) return ValidationResult.Error($"--seconds must be a positive number; got {Seconds}.");
        return ValidationResult.Success();
    }
}

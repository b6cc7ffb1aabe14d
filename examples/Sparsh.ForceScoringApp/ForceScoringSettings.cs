using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Sparsh.ForceScoringApp;

/// <summary>The app's command line: which model zip scores which saved windows.</summary>
public sealed class ForceScoringSettings : CommandSettings
{
    [CommandOption("--model <ZIP>")]
    [Description("The force model zip (the Quickstart's force_model.zip).")]
    [DefaultValue("quickstart-output/force_model.zip")]
    public string Model { get; set; } = Path.Combine("quickstart-output", "force_model.zip");

    [CommandOption("--windows <IDV>")]
    [Description("Held-out raw windows with their true force, as an ML.NET binary file.")]
    [DefaultValue("quickstart-output/test_windows.idv")]
    public string Windows { get; set; } = Path.Combine("quickstart-output", "test_windows.idv");

    [CommandOption("--rows <N>")]
    [Description("Windows printed one per line (0 for none).")]
    [DefaultValue(5)]
    public int Rows { get; set; } = 5;

    /// <inheritdoc/>
    public override ValidationResult Validate()
        => Rows >= 0 ? ValidationResult.Success() : ValidationResult.Error($"--rows must be 0 or more; got {Rows}.");
}

using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Sparsh.LiveScoring;

/// <summary>The live-scoring example's command line.</summary>
public sealed class LiveScoringSettings : CommandSettings
{
    [CommandOption("--model <ZIP>")]
    [Description("The force model zip the Quickstart saved.")]
    [DefaultValue("quickstart-output/force_model.zip")]
    public string Model { get; set; } = Path.Combine("quickstart-output", "force_model.zip");

    [CommandOption("--seconds <S>")]
    [Description("Seconds of the live stream to score.")]
    [DefaultValue(5.0)]
    public double Seconds { get; set; } = 5;

    [CommandOption("--unpaced")]
    [Description("Stream as fast as the simulator goes instead of in real time.")]
    public bool Unpaced { get; set; }

    /// <inheritdoc/>
    public override ValidationResult Validate()
        => Seconds > 0 && double.IsFinite(Seconds) ? ValidationResult.Success() : ValidationResult.Error($"--seconds must be a positive number; got {Seconds}.");
}

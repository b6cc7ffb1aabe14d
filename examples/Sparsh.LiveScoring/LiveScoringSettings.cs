using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Sparsh.LiveScoring;

/// <summary>The live-scoring example's command line.</summary>
public sealed class LiveScoringSettings : CommandSettings
{
    [CommandOption("--task <TASK>")]
    [Description("What to score: force (the Quickstart's zip, one window per estimate) or pose (the PoseTracking example's zip, the last windows per estimate).")]
    [DefaultValue(LiveTask.Force)]
    public LiveTask Task { get; set; } = LiveTask.Force;

    [CommandOption("--model <ZIP>")]
    [Description("The model zip. Default: quickstart-output/force_model.zip (force) or pose-output/pose_model_stream.zip (pose; pose_model.zip, the last-N-windows form, also scores, re-encoding every window each time).")]
    public string? Model { get; set; }

    /// <summary>The zip to load: --model, else the task's default.</summary>
    public string ModelPath => Model ?? (Task == LiveTask.Pose
        ? Path.Combine("pose-output", "pose_model_stream.zip")
        : Path.Combine("quickstart-output", "force_model.zip"));

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

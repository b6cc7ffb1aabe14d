using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Sparsh.StudyComparison;

/// <summary>The comparison's command line.</summary>
public sealed class StudyComparisonSettings : CommandSettings
{
    [CommandArgument(0, "<ROOT>")]
    [Description("Folder of studies laid out as ROOT/<encoder>/<task>/report/study_summary.csv (what the Quickstart and PoseTracking write).")]
    public string Root { get; set; } = "";

    [CommandOption("--tasks <LIST>")]
    [Description("Tasks in table order.")]
    [DefaultValue("force,pose,joystick")]
    public string Tasks { get; set; } = "force,pose,joystick";

    /// <inheritdoc/>
    public override ValidationResult Validate()
        => Directory.Exists(Root) ? ValidationResult.Success() : ValidationResult.Error($"No folder '{Root}': give the folder the studies were written to.");
}

using System.ComponentModel;
using Spectre.Console.Cli;

namespace Sparsh.Sweep;

/// <summary><c>sweep report</c> and <c>sweep run</c>: a plan and the journal folder.</summary>
public sealed class ReportSettings : CommandSettings
{
    [CommandOption("--plan <FILE>")]
    [Description("The plan written by `sweep plan`.")]
    [DefaultValue("plan.json")]
    public string PlanPath { get; set; } = "plan.json";

    [CommandOption("--journal <DIR>")]
    [Description("The journal folder the workers wrote to; the leaderboard, report and best model are written there too.")]
    [DefaultValue("sweep-output")]
    public string JournalFolder { get; set; } = "sweep-output";
}

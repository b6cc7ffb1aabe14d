using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Sparsh.Sweep;

/// <summary><c>sweep run-trial</c>: runs one trial of a plan; the index comes from --index or JOB_COMPLETION_INDEX (Kubernetes Indexed Jobs).</summary>
public sealed class RunTrialSettings : CommandSettings
{
    /// <summary>The variable a Kubernetes Indexed Job sets to the pod's completion index.</summary>
    public const string IndexVariable = "JOB_COMPLETION_INDEX";

    [CommandOption("--plan <FILE>")]
    [Description("The plan written by `sweep plan`.")]
    [DefaultValue("plan.json")]
    public string PlanPath { get; set; } = "plan.json";

    [CommandOption("--index <N>")]
    [Description("The trial to run, 0-based. Default: the JOB_COMPLETION_INDEX environment variable.")]
    public int? Index { get; set; }

    [CommandOption("--journal <DIR>")]
    [Description("Shared folder of the journal (one file per trial under trials/); the same folder `sweep report` reads.")]
    [DefaultValue("sweep-output")]
    public string JournalFolder { get; set; } = "sweep-output";

    /// <summary>--index, else JOB_COMPLETION_INDEX; an error naming both when neither gives a non-negative integer.</summary>
    public int ResolveIndex()
    {
        if (Index is { } index) return index;
        string? text = Environment.GetEnvironmentVariable(IndexVariable);
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int fromEnvironment)) return fromEnvironment;
        throw new ArgumentException(text == null
            ? $"No trial index: pass --index N or set {IndexVariable} (a Kubernetes Indexed Job sets it)."
            : $"{IndexVariable} is '{text}'; expected a non-negative integer.");
    }

    /// <inheritdoc/>
    public override ValidationResult Validate() =>
        Index is < 0 ? ValidationResult.Error($"--index must be at least 0; got {Index}.") : ValidationResult.Success();
}

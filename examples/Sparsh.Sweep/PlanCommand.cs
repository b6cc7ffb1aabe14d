using Sparsh.MLNet.Sweeps;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Sparsh.Sweep;

/// <summary><c>sweep plan</c>: writes the trials of a Random or Grid sweep to plan.json, one index per trial.</summary>
public sealed class PlanCommand : Command<PlanSettings>
{
    /// <inheritdoc/>
    public override int Execute(CommandContext context, PlanSettings settings, CancellationToken cancellationToken)
    {
        var plan = SweepPlan.Create(new SweepOptions
        {
            SearchSpace = SweepSpaces.Create(settings.Smoke, settings.FamilyList, settings.Epochs),
            Strategy = settings.Grid ? SweepStrategy.Grid : SweepStrategy.Random,
            MaxTrials = settings.Trials,
            Seed = settings.Seed,
            Folds = settings.Folds,
            OutputNames = ["Fx", "Fy", "Fz"],
            TrialTimeLimit = settings.TrialTimeLimitSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
        }, settings.DataPath != null ? PlanData.File(settings.DataPath) : PlanData.Synthetic(settings.Recordings, settings.WindowsPerRecording, seed: 7));
        plan.Save(settings.PlanPath);
        AnsiConsole.MarkupLine($"{plan.Trials.Count} trials planned in [blue]{Markup.Escape(Path.GetFullPath(settings.PlanPath))}[/]; " +
                               $"run each with `sweep run-trial --plan {Markup.Escape(settings.PlanPath)} --index N` (N = 0 to {plan.Trials.Count - 1}, or JOB_COMPLETION_INDEX).");
        return 0;
    }
}

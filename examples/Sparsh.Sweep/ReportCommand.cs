using Microsoft.ML;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Sparsh.Sweep;

/// <summary>
/// <c>sweep report</c>: merges the workers' journal into leaderboard.csv/.md and best-model.zip without running any trial.
/// Exit code 0 when every planned trial is journalled, 3 when some are missing (listed), 1 on error.
/// </summary>
public sealed class ReportCommand : Command<ReportSettings>
{
    /// <inheritdoc/>
    public override int Execute(CommandContext context, ReportSettings settings, CancellationToken cancellationToken)
    {
        var plan = MLNet.Sweeps.SweepPlan.Load(settings.PlanPath);
        var mlContext = new MLContext(seed: 1);
        var result = mlContext.Sparsh().SweepReport(PlanData.Load(mlContext, plan, settings.PlanPath), plan, settings.JournalFolder);
        LeaderboardTable.Write(result);
        if (result.MissingTrials.Count == 0) return 0;
        AnsiConsole.MarkupLine($"[yellow]{result.MissingTrials.Count} of {plan.Trials.Count} trials are not journalled yet:[/] {string.Join(", ", result.MissingTrials)}");
        return 3;
    }
}

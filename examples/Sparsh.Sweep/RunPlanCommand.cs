using Microsoft.ML;
using Sparsh.Examples.Cli;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Sparsh.Sweep;

/// <summary><c>sweep run</c>: every trial of a plan in this one process (the in-process sweep the workers' merged leaderboard must equal).</summary>
public sealed class RunPlanCommand : Command<ReportSettings>
{
    /// <inheritdoc/>
    public override int Execute(CommandContext context, ReportSettings settings, CancellationToken cancellationToken)
    {
        var plan = MLNet.Sweeps.SweepPlan.Load(settings.PlanPath);
        using var cancel = ExampleApp.CancelOnCtrlC(cancellationToken);
        var mlContext = new MLContext(seed: 1);
        var options = plan.ToOptions(settings.JournalFolder);
        options.CancellationToken = cancel.Token;
        try
        {
            var result = mlContext.Sparsh().Sweep(PlanData.Load(mlContext, plan, settings.PlanPath), options);
            LeaderboardTable.Write(result);
            return result.Best != null ? 0 : 1;
        }
        catch (OperationCanceledException)
        {
            AnsiConsole.MarkupLine("[yellow]Interrupted.[/] Finished trials are journalled; run again with the same --journal to resume.");
            return 2;
        }
    }
}

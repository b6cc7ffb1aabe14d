using Sparsh.Examples.Cli;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Sparsh.PoseTracking;

/// <summary>Runs the pose study, printing each step as a line, then the mode x budget table.</summary>
public sealed class PoseTrackingCommand : Command<PoseTrackingSettings>
{
    /// <inheritdoc/>
    public override int Execute(CommandContext context, PoseTrackingSettings settings, CancellationToken cancellationToken)
    {
        var options = settings.ToOptions();
        using var cancellation = ExampleApp.CancelOnCtrlC(cancellationToken);
        var (report, study) = new PoseTrackingRun(options, line => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(line)}[/]")).Run(cancellation.Token);

        var table = new Table().AddColumns("mode", "labelled recordings", "RMSE Tx (mm)", "RMSE Ty (mm)", "RMSE theta (deg)", "accuracy");
        foreach (var mode in study.Selected.Select(r => r.Mode).Distinct().Order())
            foreach (int budget in options.BudgetRecordings.Order())
                table.AddRow(mode.ToString(), budget.ToString(), study.Statistic(mode, budget, r => 1000 * r.Test.Outputs[0].RootMeanSquaredError).ToString("F2"),
                    study.Statistic(mode, budget, r => 1000 * r.Test.Outputs[1].RootMeanSquaredError).ToString("F2"),
                    study.Statistic(mode, budget, r => r.Test.Outputs[2].RootMeanSquaredError * 180 / Math.PI).ToString("F2"),
                    study.Statistic(mode, budget, r => 100 * (r.Test.AccuracyWithinThresholds ?? double.NaN)).ToString("F2"));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"Report: [bold]{Markup.Escape(report)}[/]");
        return 0;
    }
}

using Sparsh.Examples.Cli;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Sparsh.PoseTracking;

/// <summary>Runs the tracking study (pose or joystick), printing each step as a line, then the mode x budget table with RMSE per axis.</summary>
public sealed class PoseTrackingCommand : Command<PoseTrackingSettings>
{
    /// <inheritdoc/>
    public override int Execute(CommandContext context, PoseTrackingSettings settings, CancellationToken cancellationToken)
    {
        var options = settings.ToOptions();
        using var cancellation = ExampleApp.CancelOnCtrlC(cancellationToken);
        var (report, study) = new PoseTrackingRun(options, line => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(line)}[/]")).Run(cancellation.Token);

        var task = options.Task;
        var table = new Table().AddColumns(["mode", "labelled recordings", .. task.Axes.Select(a => a.RmseHeader), "accuracy (%)"]);
        foreach (var mode in study.Selected.Select(r => r.Mode).Distinct().Order())
            foreach (int budget in options.BudgetRecordings.Order())
                table.AddRow([mode.ToString(), budget.ToString(),
                    .. task.Axes.Select((a, i) => study.Statistic(mode, budget, r => a.Scale * r.Test.Outputs[i].RootMeanSquaredError).ToString(a.Unit.Length == 0 ? "F3" : "F2")),
                    study.Statistic(mode, budget, r => 100 * (r.Test.AccuracyWithinThresholds ?? double.NaN)).ToString("F2")]);
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"Report: [bold]{Markup.Escape(report)}[/]");
        return 0;
    }
}

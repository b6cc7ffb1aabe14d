using Sparsh.Examples.Cli;
using Sparsh.Transforms.Core;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Sparsh.Quickstart;

/// <summary>Runs the Quickstart with progress, then prints the study table, the shipped model and the app's predictions.</summary>
public sealed class QuickstartCommand : Command<QuickstartSettings>
{
    /// <inheritdoc/>
    public override int Execute(CommandContext context, QuickstartSettings settings, CancellationToken cancellationToken)
    {
        var options = settings.ToOptions();
        AnsiConsole.MarkupLine("[bold]Sparsh-skin Quickstart[/]: simulate -> pretrain -> sample-efficiency study -> ship the best -> save zip -> app -> report");
        using var cancellation = ExampleApp.CancelOnCtrlC(cancellationToken);
        QuickstartResult result = null!;
        ConsoleProgress.Start(display =>
        {
            var tasks = new Dictionary<string, ConsoleProgressTask>();
            var progress = new SynchronousProgress<StepProgress>(p =>
            {
                if (!tasks.TryGetValue(p.Step, out var task)) tasks[p.Step] = task = display.AddTask(p.Step, p.Maximum);
                task.Update(p.Value, p.Maximum, p.Status);
            });
            result = new QuickstartRun(options, progress).Run(cancellation.Token);
        });

        var study = result.Study;
        var table = new Table().AddColumns("mode", "labelled recordings", "mean test RMSE (N), mean ± std over seeds", "RMSE normal (N)");
        foreach (var mode in study.Selected.Select(r => r.Mode).Distinct().Order())
            foreach (int budget in study.Options.BudgetRecordings.Order())
                table.AddRow(mode.ToString(), budget.ToString(), study.Statistic(mode, budget, r => r.TestMeanRmse).ToString("F3"),
                    study.Statistic(mode, budget, r => r.Test.Outputs[2].RootMeanSquaredError).ToString("F3"));
        AnsiConsole.Write(table);
        var best = study.BestRun!;
        AnsiConsole.MarkupLine($"Shipped (best on validation recordings): [bold]{best.Mode}[/], {best.BudgetRecordings} recordings, seed {best.Seed}");
        AnsiConsole.MarkupLine($"Model zip: [bold]{Markup.Escape(result.ModelPath)}[/], held-out raw windows: [bold]{Markup.Escape(result.TestWindowsPath)}[/]");
        AnsiConsole.WriteLine($"Score them in the app: dotnet run --project examples/Sparsh.ForceScoringApp -- --model {result.ModelPath} --windows {result.TestWindowsPath}");
        foreach (var (truth, predicted) in result.AppPredictions)
            AnsiConsole.WriteLine($"  app: true [{string.Join(", ", truth.Select(v => v.ToString("F2")))}] N -> predicted [{string.Join(", ", predicted.Select(v => v.ToString("F2")))}] N");
        AnsiConsole.MarkupLine($"Report: [bold]{Markup.Escape(result.ReportPath)}[/] ({result.Elapsed.TotalMinutes:F1} min)");
        return 0;
    }
}

using System.Globalization;
using Microsoft.ML;
using Sparsh.Examples.Cli;
using Sparsh.MLNet;
using Sparsh.MLNet.Sweeps;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Sparsh.Sweep;

/// <summary>Sweeps decoder families and hyperparameters on synthetic encoder output and prints the leaderboard (exit code 2 when interrupted).</summary>
public sealed class SweepCommand : Command<SweepSettings>
{
    /// <inheritdoc/>
    public override int Execute(CommandContext context, SweepSettings settings, CancellationToken cancellationToken)
    {
        bool smoke = settings.Smoke;
        int trials = settings.TrialCount;
        string output = settings.OutputDirectory;
        using var cancel = ExampleApp.CancelOnCtrlC(cancellationToken);

        var mlContext = new MLContext(seed: 1);
        var data = SyntheticWindows.Load(mlContext, recordings: smoke ? 16 : 40, windowsPerRecording: smoke ? 20 : 60, seed: 7);
        var space = smoke
            ? new SweepSearchSpace(
            [
                new SweepFamilySpace(SweepFamily.AttentivePooler,
                [
                    ParameterDomain.Choice(SweepParameterNames.Heads, 1, 2),
                    ParameterDomain.Choice(SweepParameterNames.HiddenWidth, 8),
                    ParameterDomain.IntRange(SweepParameterNames.MlpDepth, 1, 2),
                    ParameterDomain.LogUniform(SweepParameterNames.LearningRate, 1e-3, 1e-2),
                    ParameterDomain.IntRange(SweepParameterNames.Epochs, 2, 4),
                ]),
                SweepSearchSpace.FastTreeSpace(),
                SweepSearchSpace.LightGbmSpace(),
                SweepSearchSpace.SdcaSpace(),
            ])
            : SweepSearchSpace.Default();

        AnsiConsole.MarkupLine($"[bold]Sparsh.MLNet decoder sweep[/]: {trials} trials, {settings.Parallel} at a time, results in [blue]{Markup.Escape(Path.GetFullPath(output))}[/]");
        SweepResult? result = null;
        try
        {
            ConsoleProgress.Start(progress =>
            {
                var task = progress.AddTask("trials", trials);
                var reporter = new ProgressReporter(report =>
                {
                    string score = double.IsNaN(report.BestScore) ? "-" : report.BestScore.ToString("G4", CultureInfo.InvariantCulture);
                    task.Update(report.Finished, status: $"best {score}");
                });
                result = mlContext.Sparsh().Sweep(data, new SweepOptions
                {
                    SearchSpace = space,
                    Strategy = settings.Grid ? SweepStrategy.Grid : SweepStrategy.Random,
                    MaxTrials = trials,
                    Folds = 3,
                    Seed = 1,
                    MaxDegreeOfParallelism = settings.Parallel,
                    OutputFolder = output,
                    OutputNames = ["Fx", "Fy", "Fz"],
                    Progress = reporter,
                    CancellationToken = cancel.Token,
                });
                task.Update(trials);
            });
        }
        catch (OperationCanceledException)
        {
            AnsiConsole.MarkupLine("[yellow]Interrupted.[/] Finished trials are in trials.jsonl; run again with the same --out to resume.");
            return 2;
        }

        var board = result!.Leaderboard;
        var table = new Table().AddColumns("Rank", "Trial", "Family", "Parameters", result.Metric.Label(), "Seconds", "Status");
        for (int row = 0; row < Math.Min(10, board.Rows.Count); row++)
        {
            var r = board.Rows[row];
            table.AddRow(Markup.Escape($"{r[0]}"), $"{r[1]}", $"{r[2]}", Markup.Escape($"{r[3]}"),
                r[4] is double mean && !double.IsNaN(mean) ? $"{mean:G4} ± {(double)r[5]!:G2}" : "-", $"{(double)r[6]!:F1}", Markup.Escape($"{r[7]}"));
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"{result.ExecutedTrials} trials run now, {result.ResumedTrials} resumed from the journal.");
        if (result.Best is { } best)
        {
            AnsiConsole.MarkupLine($"[green]Best:[/] trial {best.Id} ({best.Family}); test {result.Metric.Label()} {result.TestScore:G4}");
            AnsiConsole.MarkupLine(Markup.Escape($"  {result.TestMetrics}"));
            AnsiConsole.MarkupLine(result.ModelPath != null
                ? $"  saved: {Markup.Escape(result.ModelPath)}"
                : $"  [grey]not saved: {Markup.Escape(result.ModelSaveError ?? "")}[/]");
        }
        AnsiConsole.MarkupLine($"Report: {Markup.Escape(result.ReportPath ?? "")}");
        return result.Best != null ? 0 : 1;
    }
}

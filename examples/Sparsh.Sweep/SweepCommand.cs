using System.Globalization;
using Microsoft.ML;
using Sparsh.Examples.Cli;
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
        var space = SweepSpaces.Create(smoke);

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
                    Strategy = settings.Strategy,
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

        LeaderboardTable.Write(result!);
        return result!.Best != null ? 0 : 1;
    }
}

using System.Globalization;
using Microsoft.ML;
using Sparsh.MLNet;
using Sparsh.MLNet.Sweeps;
using Sparsh.Sweep;
using Spectre.Console;

// Usage: Sparsh.Sweep [--smoke] [--trials N] [--parallel N] [--grid] [--out FOLDER]
// Interrupt with Ctrl+C and run again with the same --out to resume: finished trials are not rerun.
bool smoke = args.Contains("--smoke");
int trials = IntArg("--trials", smoke ? 6 : 24);
int parallel = IntArg("--parallel", 1);
string output = Arg("--out") ?? "sweep-output";

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };

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

AnsiConsole.MarkupLine($"[bold]Sparsh.MLNet decoder sweep[/]: {trials} trials, {parallel} at a time, results in [blue]{Markup.Escape(Path.GetFullPath(output))}[/]");
SweepResult? result = null;
try
{
    AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
        .Start(progress =>
        {
            var task = progress.AddTask("trials", maxValue: trials);
            var reporter = new ProgressReporter(report =>
            {
                task.Value = report.Finished;
                string score = double.IsNaN(report.BestScore) ? "-" : report.BestScore.ToString("G4", CultureInfo.InvariantCulture);
                task.Description = $"trials (best {score})";
            });
            result = mlContext.Sparsh().Sweep(data, new SweepOptions
            {
                SearchSpace = space,
                Strategy = args.Contains("--grid") ? SweepStrategy.Grid : SweepStrategy.Random,
                MaxTrials = trials,
                Folds = 3,
                Seed = 1,
                MaxDegreeOfParallelism = parallel,
                OutputFolder = output,
                OutputNames = ["Fx", "Fy", "Fz"],
                Progress = reporter,
                CancellationToken = cancel.Token,
            });
            task.Value = trials;
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

string? Arg(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
int IntArg(string name, int fallback) => Arg(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

using Spectre.Console;
using Sparsh.Quickstart;
using Sparsh.Trainers.Pretraining;

// dotnet run --project examples/Sparsh.Quickstart [-- --smoke] [--out DIR] [--seed N] [--gpu]
var options = args.Contains("--smoke") ? QuickstartOptions.Smoke : QuickstartOptions.Default;
options = options with { OutputDirectory = Argument("--out", options.OutputDirectory), Seed = int.Parse(Argument("--seed", options.Seed.ToString())) };
if (args.Contains("--gpu")) options = options with { Pretraining = SparshPretrainingOptions.Full, PretrainingEpochs = 500, DecoderEpochs = 50 };

AnsiConsole.MarkupLine("[bold]Sparsh-skin Quickstart[/]: simulate -> pretrain -> force decoders -> evaluate -> save zip -> app -> report");
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancellation.Cancel(); };
QuickstartResult result = null!;
AnsiConsole.Progress()
    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
    .Start(context =>
    {
        var tasks = new Dictionary<string, ProgressTask>();
        var progress = new SynchronousProgress<StepProgress>(p =>
        {
            if (!tasks.TryGetValue(p.Step, out var task)) tasks[p.Step] = task = context.AddTask(Markup.Escape(p.Step));
            task.MaxValue = Math.Max(p.Maximum, 1e-9);
            task.Value = p.Value;
            task.Description = Markup.Escape(p.Status.Length == 0 ? p.Step : $"{p.Step}: {p.Status}");
        });
        result = new QuickstartRun(options, progress).Run(cancellation.Token);
    });

var table = new Table().AddColumns("mode", "budget", "RMSE shear x (N)", "RMSE shear y (N)", "RMSE normal (N)", "r normal");
foreach (var f in result.Force)
    table.AddRow(f.Mode.ToString(), f.Budget.ToString("P1"), F(f.Test.Outputs[0].RootMeanSquaredError), F(f.Test.Outputs[1].RootMeanSquaredError),
        F(f.Test.Outputs[2].RootMeanSquaredError), F(f.Test.Outputs[2].PearsonR));
AnsiConsole.Write(table);
AnsiConsole.MarkupLine($"Model zip: [bold]{Markup.Escape(result.ModelPath)}[/], held-out raw windows: [bold]{Markup.Escape(result.TestWindowsPath)}[/]");
AnsiConsole.WriteLine($"Score them in the app: dotnet run --project examples/Sparsh.ForceScoringApp -- --model {result.ModelPath} --windows {result.TestWindowsPath}");
foreach (var (truth, predicted) in result.AppPredictions)
    AnsiConsole.WriteLine($"  app: true [{string.Join(", ", truth.Select(v => v.ToString("F2")))}] N -> predicted [{string.Join(", ", predicted.Select(v => v.ToString("F2")))}] N");
AnsiConsole.MarkupLine($"Report: [bold]{Markup.Escape(result.ReportPath)}[/] ({result.Elapsed.TotalMinutes:F1} min)");

static string F(double value) => value.ToString("F3");

string Argument(string name, string fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

using System.Globalization;
using Sparsh.Transforms.Core;
using Sparsh.MLNet.Preparation;
using Spectre.Console;
using Sparsh.MLNet.Studies;
using Sparsh.Quickstart;
using Sparsh.Trainers.Objectives;
using Sparsh.Trainers.Pretraining;

// dotnet run --project examples/Sparsh.Quickstart [-- --smoke] [--out DIR] [--seed N] [--gpu]
//   study scale: [--recordings 16] [--play-seconds 20] [--force-seconds 10] [--pretraining-epochs 3] [--objective SelfDistillation|None|MaskedAutoencoder]
//   [--encoder CHECKPOINT] [--budgets 1,4] [--seeds 1,2,3] [--lrs 0.001] [--modes LinearProbe,Frozen,FineTune,EndToEnd] [--steps 150] [--validation 2] [--hidden 8]
//   recipe levers: [--pretraining-lr 0.005] [--teacher-temperature 0.02,0.04] [--centering SinkhornKnopp|Centering] [--ibot-weight 1] [--koleo-weight 0.1]
var options = args.Contains("--smoke") ? QuickstartOptions.Smoke : QuickstartOptions.Default;
// The GPU recipe's sizes first, so any option given on the command line still wins.
if (args.Contains("--gpu")) options = options with { Pretraining = SparshPretrainingOptions.Full, PretrainingEpochs = 500, DecoderSteps = 2000 };
options = options with
{
    OutputDirectory = Argument("--out", options.OutputDirectory),
    Seed = int.Parse(Argument("--seed", options.Seed.ToString())),
    RecordingsPerTask = int.Parse(Argument("--recordings", options.RecordingsPerTask.ToString())),
    PlaySeconds = double.Parse(Argument("--play-seconds", options.PlaySeconds.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture),
    ForceSeconds = double.Parse(Argument("--force-seconds", options.ForceSeconds.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture),
    PretrainingEpochs = int.Parse(Argument("--pretraining-epochs", options.PretrainingEpochs.ToString())),
    Objective = args.Contains("--objective") ? Enum.Parse<SparshPretrainingObjective>(Argument("--objective", ""), ignoreCase: true) : options.Objective,
    EncoderCheckpoint = args.Contains("--encoder") ? Argument("--encoder", "") : options.EncoderCheckpoint,
    BudgetRecordings = List("--budgets", int.Parse) ?? options.BudgetRecordings,
    StudySeeds = List("--seeds", int.Parse) ?? options.StudySeeds,
    LearningRates = List("--lrs", v => double.Parse(v, CultureInfo.InvariantCulture)) ?? options.LearningRates,
    Modes = List("--modes", v => Enum.Parse<SampleEfficiencyMode>(v, ignoreCase: true)) ?? options.Modes,
    DecoderSteps = int.Parse(Argument("--steps", options.DecoderSteps.ToString())),
    DecoderHiddenWidth = args.Contains("--hidden") ? int.Parse(Argument("--hidden", "")) : options.DecoderHiddenWidth,
    ValidationRecordings = int.Parse(Argument("--validation", options.ValidationRecordings.ToString())),
};
// Recipe levers of the pretraining preset, for searching a recipe with the study (docs/results.md).
var preset = options.Pretraining;
options = options with
{
    Pretraining = () =>
    {
        var recipe = preset();
        if (args.Contains("--pretraining-lr")) recipe.LearningRate = double.Parse(Argument("--pretraining-lr", ""), CultureInfo.InvariantCulture);
        if (List("--teacher-temperature", v => double.Parse(v, CultureInfo.InvariantCulture)) is { } temperatures)
            (recipe.TeacherTemperatureStart, recipe.TeacherTemperatureEnd) = temperatures is [var start, var end]
                ? (start, end) : throw new ArgumentException($"--teacher-temperature takes two values, start,end (e.g. 0.02,0.04); got {temperatures.Length}.");
        var settings = recipe.SelfDistillation;
        if (args.Contains("--centering")) settings = settings with { Centering = Enum.Parse<TeacherCenteringMethod>(Argument("--centering", ""), ignoreCase: true) };
        if (args.Contains("--ibot-weight")) settings = settings with { IbotWeight = double.Parse(Argument("--ibot-weight", ""), CultureInfo.InvariantCulture) };
        if (args.Contains("--koleo-weight")) settings = settings with { KoLeoWeight = double.Parse(Argument("--koleo-weight", ""), CultureInfo.InvariantCulture) };
        recipe.SelfDistillation = settings;
        return recipe;
    },
};

AnsiConsole.MarkupLine("[bold]Sparsh-skin Quickstart[/]: simulate -> pretrain -> sample-efficiency study -> ship the best -> save zip -> app -> report");
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


T[]? List<T>(string name, Func<string, T> parse) => args.Contains(name) ? Argument(name, "").Split(',').Select(parse).ToArray() : null;

string Argument(string name, string fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

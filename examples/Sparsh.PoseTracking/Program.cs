using System.Globalization;
using Spectre.Console;
using Sparsh.PoseTracking;
using Sparsh.MLNet.Studies;

// dotnet run -c Release --project examples/Sparsh.PoseTracking -- [--smoke] [--out pose-output] [--recordings 20] [--seconds 20] [--steps 200]
//   [--budgets 1,15] [--seeds 1,2,3] [--modes Frozen,FineTune,EndToEnd] [--encoder quickstart-output/checkpoints/pretraining.ckpt] [--seed 1]
var options = args.Contains("--smoke") ? PoseTrackingOptions.Smoke : PoseTrackingOptions.Default;
options = options with
{
    OutputDirectory = Argument("--out") ?? options.OutputDirectory,
    Recordings = int.Parse(Argument("--recordings") ?? options.Recordings.ToString()),
    Seconds = double.Parse(Argument("--seconds") ?? options.Seconds.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
    OptimizerSteps = int.Parse(Argument("--steps") ?? options.OptimizerSteps.ToString()),
    BudgetRecordings = Argument("--budgets")?.Split(',').Select(int.Parse).ToArray() ?? options.BudgetRecordings,
    StudySeeds = Argument("--seeds")?.Split(',').Select(int.Parse).ToArray() ?? options.StudySeeds,
    Modes = Argument("--modes")?.Split(',').Select(Enum.Parse<SampleEfficiencyMode>).ToArray() ?? options.Modes,
    EncoderCheckpoint = Argument("--encoder") ?? options.EncoderCheckpoint,
    Seed = int.Parse(Argument("--seed") ?? options.Seed.ToString()),
};

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancellation.Cancel(); };
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


string? Argument(string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

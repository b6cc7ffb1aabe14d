using System.Globalization;
using Spectre.Console;
using Sparsh.PoseTracking;
using Sparsh.Trainers.Decoders;

// dotnet run -c Release --project examples/Sparsh.PoseTracking -- [--smoke] [--out pose-output] [--recordings 20] [--seconds 20] [--steps 200]
//   [--budgets 0.033,1] [--modes Frozen,FineTune,EndToEnd] [--encoder quickstart-output/checkpoints/pretraining.ckpt] [--seed 1]
var options = args.Contains("--smoke") ? PoseTrackingOptions.Smoke : PoseTrackingOptions.Default;
options = options with
{
    OutputDirectory = Argument("--out") ?? options.OutputDirectory,
    Recordings = int.Parse(Argument("--recordings") ?? options.Recordings.ToString()),
    Seconds = double.Parse(Argument("--seconds") ?? options.Seconds.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
    OptimizerSteps = int.Parse(Argument("--steps") ?? options.OptimizerSteps.ToString()),
    Budgets = Argument("--budgets")?.Split(',').Select(b => double.Parse(b, CultureInfo.InvariantCulture)).ToArray() ?? options.Budgets,
    Modes = Argument("--modes")?.Split(',').Select(Enum.Parse<DecoderMode>).ToArray() ?? options.Modes,
    EncoderCheckpoint = Argument("--encoder") ?? options.EncoderCheckpoint,
    Seed = int.Parse(Argument("--seed") ?? options.Seed.ToString()),
};

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancellation.Cancel(); };
var (report, results) = new PoseTrackingRun(options, line => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(line)}[/]")).Run(cancellation.Token);

var table = new Table().AddColumns("mode", "budget", "RMSE Tx (mm)", "RMSE Ty (mm)", "RMSE theta (deg)", "accuracy");
foreach (var r in results)
    table.AddRow(r.Mode.ToString(), r.Budget.ToString("P1"), (1000 * r.Test.Outputs[0].RootMeanSquaredError).ToString("F2"),
        (1000 * r.Test.Outputs[1].RootMeanSquaredError).ToString("F2"), (r.Test.Outputs[2].RootMeanSquaredError * 180 / Math.PI).ToString("F2"),
        (r.Test.AccuracyWithinThresholds ?? double.NaN).ToString("P1"));
AnsiConsole.Write(table);
AnsiConsole.MarkupLine($"Report: [bold]{Markup.Escape(report)}[/]");

string? Argument(string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

using Spectre.Console;
using Sparsh.PoseTracking;

// dotnet run -c Release --project examples/Sparsh.PoseTracking -- [--out pose-output] [--recordings 8] [--seconds 20] [--epochs 15]
//   [--encoder quickstart-output/checkpoints/pretraining.ckpt] [--seed 1]
string output = Argument("--out", "pose-output");
var run = new PoseTrackingRun(output, int.Parse(Argument("--recordings", "8")), double.Parse(Argument("--seconds", "20"), System.Globalization.CultureInfo.InvariantCulture),
    int.Parse(Argument("--epochs", "15")), Argument("--encoder", Path.Combine("quickstart-output", "checkpoints", "pretraining.ckpt")),
    int.Parse(Argument("--seed", "1")), line => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(line)}[/]"));
var (report, metrics) = run.Run();
AnsiConsole.WriteLine(metrics.ToString());
AnsiConsole.MarkupLine($"Report: [bold]{Markup.Escape(report)}[/]");

string Argument(string name, string fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

using Sparsh.Transforms.Core;
using System.Diagnostics;
using Microsoft.ML;
using Spectre.Console;
using Sparsh.MLNet;
using Sparsh.MLNet.Reports;
using Sparsh.Transforms.Simulation;
using Sparsh.Transforms.Windowing;

// Simulates the project's datasets to disk, reads each back through the windowing pipeline and writes a
// plausibility report. Usage: dotnet run --project examples/Sparsh.Simulator -- [--out DIR] [--recordings N] [--seconds S] [--seed K]
string output = Argument("--out", "simulated");
int recordings = int.Parse(Argument("--recordings", "3"));
double seconds = double.Parse(Argument("--seconds", "20"), System.Globalization.CultureInfo.InvariantCulture);
int seed = int.Parse(Argument("--seed", "1"));

var mlContext = new MLContext(seed);
var options = new SimulatedDatasetOptions { RecordingsPerTask = recordings, Seed = seed, Scenario = new ScenarioOptions { DurationSeconds = seconds } };
string root = Path.Combine(output, "data");
var clock = Stopwatch.StartNew();
DatasetManifest manifest = null!;
AnsiConsole.Progress().Start(progress =>
{
    var task = progress.AddTask("Simulating recordings", maxValue: options.Tasks.Count * recordings);
    manifest = mlContext.Sparsh().Simulate(root, options, new SynchronousProgress<DatasetProgress>(p => task.Value = p.Completed));
});
double simulated = manifest.Recordings.Sum(r => r.DurationSeconds);
AnsiConsole.MarkupLine($"Simulated [bold]{simulated:F0} s[/] of data in {clock.Elapsed.TotalSeconds:F1} s " +
                       $"([bold]{simulated / clock.Elapsed.TotalSeconds:F0}x[/] real time, including Parquet writing) into {Markup.Escape(root)}");

var table = new Table().AddColumns("task", "recordings", "windows (0.1 s)", "label columns");
foreach (string taskName in options.Tasks)
{
    var frames = mlContext.Sparsh().LoadFrames(root, taskName);
    var labels = frames.Schema.Select(c => c.Name).Where(n => n is "force" or "joystick" or "pose").ToList();
    var windows = mlContext.Sparsh().XelaWindowing(new XelaWindowingOptions { LabelColumnNames = labels }).Fit(frames).Transform(frames);
    long count = 0;
    using (var cursor = windows.GetRowCursor([])) while (cursor.MoveNext()) count++;
    table.AddRow(taskName, manifest.Recordings.Count(r => r.Task == taskName).ToString(), count.ToString(), string.Join(", ", labels));
}
AnsiConsole.Write(table);

string report = SimulatorReport.Write(Path.Combine(output, "report"), seed);
AnsiConsole.MarkupLine($"Plausibility report: [link]{Markup.Escape(report)}[/]");

string Argument(string name, string fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}


using System.Diagnostics;
using Microsoft.ML;
using Sparsh.Examples.Cli;
using Sparsh.MLNet.Reports;
using Sparsh.Simulation.Datasets;
using Sparsh.Simulation.Scenarios;
using Sparsh.Transforms.Core;
using Sparsh.Transforms.Recordings;
using Sparsh.Transforms.Windowing;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Sparsh.Simulator;

/// <summary>Simulates the project's datasets to disk, reads each back through the windowing pipeline and writes a plausibility report.</summary>
public sealed class SimulatorCommand : Command<SimulatorSettings>
{
    /// <inheritdoc/>
    public override int Execute(CommandContext context, SimulatorSettings settings, CancellationToken cancellationToken)
    {
        var mlContext = new MLContext(settings.Seed);
        var options = new SimulatedDatasetOptions
        {
            RecordingsPerTask = settings.Recordings, Seed = settings.Seed, Scenario = new ScenarioOptions { DurationSeconds = settings.Seconds },
        };
        string root = Path.Combine(settings.OutputDirectory, "data");
        var clock = Stopwatch.StartNew();
        DatasetManifest manifest = null!;
        ConsoleProgress.Start(progress =>
        {
            var task = progress.AddTask("Simulating recordings", options.Tasks.Count * settings.Recordings);
            manifest = mlContext.Sparsh().Simulate(root, options, new SynchronousProgress<DatasetProgress>(p => task.Update(p.Completed)), cancellationToken);
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

        string report = SimulatorReport.Write(Path.Combine(settings.OutputDirectory, "report"), settings.Seed);
        AnsiConsole.MarkupLine($"Plausibility report: [link]{Markup.Escape(report)}[/]");
        return 0;
    }
}

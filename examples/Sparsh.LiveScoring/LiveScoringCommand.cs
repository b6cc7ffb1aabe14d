using System.Diagnostics;
using Sparsh.Scoring.Force;
using Sparsh.Transforms.Hand;
using Sparsh.Transforms.Live;
using Sparsh.Transforms.Simulation;
using Sparsh.Transforms.Xela;
using Spectre.Console.Cli;

namespace Sparsh.LiveScoring;

/// <summary>Scores a live (simulated) skin stream window by window with the Quickstart's model zip and prints latency.</summary>
public sealed class LiveScoringCommand : AsyncCommand<LiveScoringSettings>
{
    /// <inheritdoc/>
    public override async Task<int> ExecuteAsync(CommandContext context, LiveScoringSettings settings, CancellationToken cancellationToken)
    {
        string modelPath = settings.Model;
        double seconds = settings.Seconds;
        if (!File.Exists(modelPath))
        {
            Console.Error.WriteLine($"Model '{modelPath}' not found: run the Quickstart first (dotnet run -c Release --project examples/Sparsh.Quickstart) or pass --model.");
            return 1;
        }

        // The line-of-business app's ForceModel: plain ML.NET, checks the zip at load and each window at predict.
        using var model = ForceModel.Load(modelPath);
        var assembler = new LiveWindowAssembler();
        var window = new ForceWindow
        {
            MagneticCounts = new float[ForceWindow.Frames * XelaSkin.ValuesPerFrame],
            JointAnglesRadians = new float[ForceWindow.Frames * XelaSkin.JointCount],
        };
        var skin = SkinProfile.Generate("live-skin", seed: 7, HandModel.AllegroXela.TaxelCount);
        var source = new LiveSkinSource(skin, seed: 7, new ForceProbingScenario(), paced: !settings.Unpaced);
        var latencies = new List<double>();

        Console.WriteLine($"Scoring a live force-probing stream for {seconds:F0} s with {modelPath} (a window every 0.1 s)...");
        await foreach (var frame in source.ReadAllAsync())
        {
            if (frame.TimestampSeconds > seconds) break;
            if (!assembler.Push(frame.TimestampSeconds, frame.RawCounts, frame.JointAnglesRadians)) continue;
            assembler.CopyWindow(window.MagneticCounts, window.JointAnglesRadians);
            var clock = Stopwatch.StartNew();
            var prediction = model.Predict(window);
            latencies.Add(clock.Elapsed.TotalMilliseconds);
            var force = prediction.ForceNewtons;
            Console.WriteLine($"t={assembler.WindowStartSeconds,6:F2} s  force [{force[0],6:F2}, {force[1],6:F2}, {force[2],6:F2}] N  " +
                              $"({latencies[^1],5:F1} ms, {prediction.MaskedTaxels} taxels masked)");
        }
        latencies.Sort();
        Console.WriteLine($"{latencies.Count} windows scored; latency p50 {latencies[latencies.Count / 2]:F1} ms, p99 {latencies[(int)(0.99 * (latencies.Count - 1))]:F1} ms; {assembler.GapCount} gaps.");
        return 0;
    }
}

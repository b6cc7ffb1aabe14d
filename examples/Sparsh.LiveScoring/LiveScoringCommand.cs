using System.Diagnostics;
using Sparsh.Scoring.Force;
using Sparsh.Scoring.Tracking;
using Sparsh.Simulation.Live;
using Sparsh.Simulation.Scenarios;
using Sparsh.Simulation.Skins;
using Sparsh.Transforms.Hand;
using Sparsh.Transforms.Live;
using Sparsh.Transforms.Xela;
using Spectre.Console.Cli;

namespace Sparsh.LiveScoring;

/// <summary>
/// Scores a live (simulated) skin stream window by window with a saved model zip and prints latency: the Quickstart's force
/// model, or the PoseTracking example's pose model fed through its rolling buffer of the last windows.
/// </summary>
public sealed class LiveScoringCommand : AsyncCommand<LiveScoringSettings>
{
    /// <inheritdoc/>
    public override async Task<int> ExecuteAsync(CommandContext context, LiveScoringSettings settings, CancellationToken cancellationToken)
    {
        string modelPath = settings.ModelPath;
        if (!File.Exists(modelPath))
        {
            string producer = settings.Task == LiveTask.Pose ? "examples/Sparsh.PoseTracking" : "examples/Sparsh.Quickstart";
            Console.Error.WriteLine($"Model '{modelPath}' not found: run the {settings.Task.ToString().ToLowerInvariant()} example first (dotnet run -c Release --project {producer}) or pass --model.");
            return 1;
        }

        var assembler = new LiveWindowAssembler();
        var magnetic = new float[ForceWindow.Frames * XelaSkin.ValuesPerFrame];
        var angles = new float[ForceWindow.Frames * XelaSkin.JointCount];
        var skin = SkinProfile.Generate("live-skin", seed: 7, HandModel.AllegroXela.TaxelCount);
        ScenarioGenerator scenario = settings.Task == LiveTask.Pose ? new ObjectPoseScenario() : new ForceProbingScenario();
        var source = new LiveSkinSource(skin, seed: 7, scenario, paced: !settings.Unpaced);
        var latencies = new List<double>();
        // Both models check the zip at load and each window when scoring (plain ML.NET, as a line-of-business app uses them).
        using var scorer = settings.Task == LiveTask.Pose ? PoseScorer(modelPath) : ForceScorer(modelPath);

        Console.WriteLine($"Scoring a live {scenario.Task} stream for {settings.Seconds:F0} s with {modelPath} (a window every 0.1 s)...");
        int gaps = 0;
        await foreach (var frame in source.ReadAllAsync(cancellationToken))
        {
            if (frame.TimestampSeconds > settings.Seconds) break;
            if (!assembler.Push(frame.TimestampSeconds, frame.RawCounts, frame.JointAnglesRadians)) continue;
            // A gap breaks the sequence: the pose model starts a new one rather than bridge it.
            if (assembler.GapCount != gaps)
            {
                gaps = assembler.GapCount;
                scorer.Restart();
            }
            assembler.CopyWindow(magnetic, angles);
            var clock = Stopwatch.StartNew();
            string line = scorer.Score(magnetic, angles);
            latencies.Add(clock.Elapsed.TotalMilliseconds);
            Console.WriteLine($"t={assembler.WindowStartSeconds,6:F2} s  {line}  ({latencies[^1],5:F1} ms)");
        }
        latencies.Sort();
        Console.WriteLine($"{latencies.Count} windows scored; latency p50 {latencies[latencies.Count / 2]:F1} ms, p99 {latencies[(int)(0.99 * (latencies.Count - 1))]:F1} ms; {assembler.GapCount} gaps.");
        return 0;
    }

    private static Scorer ForceScorer(string path)
    {
        var model = ForceModel.Load(path);
        return new Scorer(model, () => { }, (magnetic, angles) =>
        {
            var prediction = model.Predict(new ForceWindow { MagneticCounts = magnetic, JointAnglesRadians = angles });
            var force = prediction.ForceNewtons;
            return $"force [{force[0],6:F2}, {force[1],6:F2}, {force[2],6:F2}] N, {prediction.MaskedTaxels} taxels masked";
        });
    }

    private static Scorer PoseScorer(string path)
    {
        var model = TrackingModel.Load(path);
        Console.WriteLine(model.IsStreamForm
            ? $"Stream form: each window is encoded once; estimates rest on up to {model.WindowsPerRow} windows."
            : $"Last-windows form: each estimate encodes all of its up to {model.WindowsPerRow} windows again.");
        return new Scorer(model, model.Reset, (magnetic, angles) =>
        {
            var prediction = model.Push(magnetic, angles);
            var pose = prediction.Values;
            return $"pose Tx {1000 * pose[0],6:F1} mm, Ty {1000 * pose[1],6:F1} mm, theta {pose[2] * 180 / Math.PI,6:F1} deg " +
                   $"from the last {prediction.WindowsInContext,3} windows, {prediction.MaskedTaxels} taxels masked";
        });
    }

    // One window in, one printable line out; Restart forgets the stream's history (the force model has none).
    private sealed class Scorer(IDisposable model, Action restart, Func<float[], float[], string> score) : IDisposable
    {
        public string Score(float[] magnetic, float[] angles) => score(magnetic, angles);

        public void Restart() => restart();

        public void Dispose() => model.Dispose();
    }
}

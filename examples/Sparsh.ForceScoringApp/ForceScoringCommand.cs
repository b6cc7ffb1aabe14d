using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Sparsh.Scoring.Force;
using Spectre.Console.Cli;

namespace Sparsh.ForceScoringApp;

/// <summary>Loads the model zip, scores the windows one at a time and prints per-axis errors; bad files end with a one-line error and exit code 1.</summary>
public sealed class ForceScoringCommand : Command<ForceScoringSettings>
{
    /// <inheritdoc/>
    public override int Execute(CommandContext context, ForceScoringSettings settings, CancellationToken cancellationToken)
    {
        string modelPath = settings.Model, windowsPath = settings.Windows;
        var mlContext = new MLContext();
        try
        {
            using var model = ForceModel.Load(modelPath, mlContext);
            var windows = ForceTestSet.Load(mlContext, windowsPath);
            Console.WriteLine($"Scoring {windows.Count} windows of {windowsPath} with {modelPath}");
            var clock = Stopwatch.StartNew();
            var predictions = windows.Select(model.Predict).ToList();
            double perWindowMs = clock.Elapsed.TotalMilliseconds / Math.Max(windows.Count, 1);

            if (settings.Rows > 0) Console.WriteLine($"{"recording",-30} {"start (s)",9}  {"true force (N)",-24}  {"predicted force (N)",-24}  masked taxels");
            foreach (var (window, prediction) in windows.Zip(predictions).Take(settings.Rows))
                Console.WriteLine($"{window.RecordingId,-30} {window.WindowStartSeconds,9:F2}  {Vector(window.ForceNewtons),-24}  {Vector(prediction.ForceNewtons),-24}  {prediction.MaskedTaxels}");

            var metrics = ForceTestSet.Evaluate(mlContext, windows.Select(w => w.ForceNewtons).ToList(), predictions.Select(p => p.ForceNewtons).ToList());
            for (int axis = 0; axis < metrics.Count; axis++)
                Console.WriteLine($"{ForceTestSet.Axes[axis],-8} RMSE {metrics[axis].RootMeanSquaredError:F3} N  MAE {metrics[axis].MeanAbsoluteError:F3} N  R^2 {metrics[axis].RSquared:F3}");
            Console.WriteLine($"Scored one window at a time in {perWindowMs:F1} ms per window on average.");
            Console.WriteLine($"Windows with masked taxels: {predictions.Count(p => p.MaskedTaxels > 0)} of {predictions.Count} (most in one window: {predictions.Max(p => p.MaskedTaxels)}).");
            return 0;
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidDataException or ArgumentException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            if (e is FileNotFoundException) Console.Error.WriteLine("Run the Quickstart first (dotnet run -c Release --project examples/Sparsh.Quickstart) or pass --model and --windows.");
            return 1;
        }
    }

    private static string Vector(float[] values) => $"[{string.Join(", ", values.Select(v => v.ToString("F2", CultureInfo.InvariantCulture)))}]";
}

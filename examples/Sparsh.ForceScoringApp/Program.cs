using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Sparsh.Scoring.Force;

// A line-of-business app: loads a saved force model zip with plain ML.NET + ONNX Runtime (no Sparsh, no TorchSharp),
// scores held-out raw windows and prints per-axis errors. Bad files end with a one-line error and exit code 1.
// Usage: dotnet run --project examples/Sparsh.ForceScoringApp -- [--model quickstart-output/force_model.zip]
//        [--windows quickstart-output/test_windows.idv] [--rows 5]
string modelPath = Argument("--model", Path.Combine("quickstart-output", "force_model.zip"));
string windowsPath = Argument("--windows", Path.Combine("quickstart-output", "test_windows.idv"));
int rows = int.Parse(Argument("--rows", "5"), CultureInfo.InvariantCulture);

var mlContext = new MLContext();
try
{
    using var model = ForceModel.Load(modelPath, mlContext);
    var windows = ForceTestSet.Load(mlContext, windowsPath);
    Console.WriteLine($"Scoring {windows.Count} windows of {windowsPath} with {modelPath}");
    var clock = Stopwatch.StartNew();
    var predictions = windows.Select(model.Predict).ToList();
    double perWindowMs = clock.Elapsed.TotalMilliseconds / Math.Max(windows.Count, 1);

    if (rows > 0) Console.WriteLine($"{"recording",-30} {"start (s)",9}  {"true force (N)",-24}  {"predicted force (N)",-24}  masked taxels");
    foreach (var (window, prediction) in windows.Zip(predictions).Take(rows))
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

static string Vector(float[] values) => $"[{string.Join(", ", values.Select(v => v.ToString("F2", CultureInfo.InvariantCulture)))}]";

string Argument(string name, string fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

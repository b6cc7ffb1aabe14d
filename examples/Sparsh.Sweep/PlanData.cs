using System.Globalization;
using Microsoft.ML;
using Sparsh.MLNet.Sweeps;

namespace Sparsh.Sweep;

/// <summary>
/// Where a plan's data comes from, as the plan's notes: either the synthetic windows (generator settings) or an ML.NET
/// binary data file (.idv; a relative path is read from the plan's folder, so plan and data travel together).
/// </summary>
internal static class PlanData
{
    private const string Source = "source";

    public static Dictionary<string, string> Synthetic(int recordings, int windowsPerRecording, int seed) => new()
    {
        [Source] = "synthetic",
        ["recordings"] = recordings.ToString(CultureInfo.InvariantCulture),
        ["windowsPerRecording"] = windowsPerRecording.ToString(CultureInfo.InvariantCulture),
        ["seed"] = seed.ToString(CultureInfo.InvariantCulture),
    };

    public static Dictionary<string, string> File(string path) => new() { [Source] = "file", ["path"] = path };

    public static IDataView Load(MLContext mlContext, SweepPlan plan, string planPath)
    {
        string source = plan.Data.GetValueOrDefault(Source) ?? "";
        switch (source)
        {
            case "synthetic":
                return SyntheticWindows.Load(mlContext, Int(plan, planPath, "recordings"), Int(plan, planPath, "windowsPerRecording"), Int(plan, planPath, "seed"));
            case "file":
                string path = plan.Data.GetValueOrDefault("path") ?? throw new InvalidDataException($"Sweep plan '{planPath}': data source 'file' has no 'path'.");
                string full = Path.IsPathRooted(path) ? path : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(planPath))!, path);
                if (!System.IO.File.Exists(full)) throw new FileNotFoundException($"Sweep plan '{planPath}': data file '{full}' does not exist.", full);
                return mlContext.Data.LoadFromBinary(full);
            default:
                throw new InvalidDataException($"Sweep plan '{planPath}': data source '{source}' is unknown; expected 'synthetic' or 'file'.");
        }
    }

    private static int Int(SweepPlan plan, string planPath, string key) =>
        int.TryParse(plan.Data.GetValueOrDefault(key), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value > 0
            ? value
            : throw new InvalidDataException($"Sweep plan '{planPath}': data setting '{key}' is '{plan.Data.GetValueOrDefault(key)}'; expected a positive integer.");
}

using Microsoft.ML;
using Microsoft.ML.Data;

namespace Sparsh.Scoring.Force;

/// <summary>Held-out raw windows with their true force in an ML.NET binary data file, and per-axis metrics of a model on them.</summary>
public static class ForceTestSet
{
    /// <summary>Names of the force components, in output order.</summary>
    public static readonly string[] Axes = ["shear x", "shear y", "normal"];

    /// <summary>Reads every window of an ML.NET binary data file (<c>SaveAsBinary</c>) with columns Magnetic, JointAngles and force.</summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is not an ML.NET binary data file or lacks a column; the message names the file.</exception>
    public static IReadOnlyList<LabelledForceWindow> Load(MLContext mlContext, string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Test windows '{path}' not found.", path);
        try
        {
            return mlContext.Data.CreateEnumerable<LabelledForceWindow>(mlContext.Data.LoadFromBinary(path), reuseRowObject: false).ToList();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"'{path}' is not a file of labelled raw windows ({e.GetType().Name}: {e.Message}).", e);
        }
    }

    /// <summary>ML.NET's regression metrics (RMSE, MAE, R^2 in newtons) for each force axis.</summary>
    public static IReadOnlyList<RegressionMetrics> Evaluate(MLContext mlContext, IReadOnlyList<float[]> truthNewtons, IReadOnlyList<float[]> predictedNewtons)
    {
        if (truthNewtons.Count != predictedNewtons.Count)
            throw new ArgumentException($"{truthNewtons.Count} true forces but {predictedNewtons.Count} predictions.", nameof(predictedNewtons));
        return Enumerable.Range(0, Axes.Length).Select(axis =>
        {
            var scores = truthNewtons.Zip(predictedNewtons, (t, p) => new AxisScore { Label = t[axis], Score = p[axis] });
            return mlContext.Regression.Evaluate(mlContext.Data.LoadFromEnumerable(scores));
        }).ToList();
    }
}

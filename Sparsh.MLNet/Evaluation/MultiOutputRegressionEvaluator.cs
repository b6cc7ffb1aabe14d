using Microsoft.ML;
using Sparsh.Transforms.Core;

namespace Sparsh.MLNet.Evaluation;

/// <summary>Computes <see cref="MultiOutputRegressionMetrics"/> from label and score vector columns.</summary>
public static class MultiOutputRegressionEvaluator
{
    /// <summary>Evaluates a scored view: label and score are float vectors of the same length (or floats).</summary>
    /// <param name="data">Scored data, e.g. <c>model.Transform(testSet)</c>.</param>
    /// <param name="labelColumnName">True values.</param>
    /// <param name="scoreColumnName">Predictions.</param>
    /// <param name="outputNames">Names per output (e.g. "Fx", "Fy", "Fz"); defaults to "output0".. .</param>
    /// <param name="thresholds">Per-output tolerance for the accuracy metrics (e.g. 0.01 m, 0.01 m, 0.1 rad); null to skip.</param>
    public static MultiOutputRegressionMetrics Evaluate(IDataView data, string labelColumnName = "Label", string scoreColumnName = "Score",
        IReadOnlyList<string>? outputNames = null, IReadOnlyList<double>? thresholds = null)
    {
        var (rows, values) = DataViewReader.ReadFloatColumns(data, labelColumnName, scoreColumnName);
        if (rows == 0) throw new InvalidOperationException($"No rows to evaluate in columns '{labelColumnName}' and '{scoreColumnName}'.");
        int width = values[0].Length / rows;
        if (values[1].Length != values[0].Length)
            throw new ArgumentException($"Label column '{labelColumnName}' has {width} values per row but score column '{scoreColumnName}' has {values[1].Length / rows}.");
        // Checked here as well as in Compute, so the message can name the column whose width they must match.
        if (outputNames != null && outputNames.Count != width)
            throw new ArgumentException($"{outputNames.Count} output names given but label column '{labelColumnName}' has {width} values per row.", nameof(outputNames));
        if (thresholds != null && thresholds.Count != width)
            throw new ArgumentException($"{thresholds.Count} thresholds given but label column '{labelColumnName}' has {width} values per row.", nameof(thresholds));
        return Compute(values[0], values[1], width, outputNames, thresholds);
    }

    /// <summary>Metrics from row-major label and prediction arrays (rows x width).</summary>
    public static MultiOutputRegressionMetrics Compute(ReadOnlySpan<float> labels, ReadOnlySpan<float> predictions, int width,
        IReadOnlyList<string>? outputNames = null, IReadOnlyList<double>? thresholds = null)
    {
        if (labels.Length != predictions.Length || width <= 0 || labels.Length % width != 0)
            throw new ArgumentException($"Labels ({labels.Length}) and predictions ({predictions.Length}) must be equal-length whole rows of {width}.");
        if (outputNames != null && outputNames.Count != width)
            throw new ArgumentException($"{outputNames.Count} output names given for {width} outputs.", nameof(outputNames));
        if (thresholds != null && thresholds.Count != width)
            throw new ArgumentException($"{thresholds.Count} thresholds given for {width} outputs.", nameof(thresholds));
        int rows = labels.Length / width;

        var outputs = new List<OutputMetrics>(width);
        for (int o = 0; o < width; o++)
        {
            double sumY = 0, sumP = 0, sumYY = 0, sumPP = 0, sumYP = 0, sumSquaredError = 0, sumAbsError = 0;
            long within = 0;
            for (int r = 0; r < rows; r++)
            {
                double y = labels[r * width + o], p = predictions[r * width + o], e = p - y;
                sumY += y; sumP += p; sumYY += y * y; sumPP += p * p; sumYP += y * p;
                sumSquaredError += e * e;
                sumAbsError += Math.Abs(e);
                if (thresholds != null && Math.Abs(e) <= thresholds[o]) within++;
            }
            double meanY = sumY / rows, meanP = sumP / rows;
            double varY = sumYY / rows - meanY * meanY, varP = sumPP / rows - meanP * meanP, cov = sumYP / rows - meanY * meanP;
            double ssTot = varY * rows;
            outputs.Add(new OutputMetrics(
                outputNames?[o] ?? $"output{o}",
                Math.Sqrt(sumSquaredError / rows),
                sumAbsError / rows,
                ssTot > 0 ? 1 - sumSquaredError / ssTot : double.NaN,
                varY > 0 && varP > 0 ? cov / Math.Sqrt(varY * varP) : double.NaN,
                thresholds == null ? null : (double)within / rows));
        }

        double euclidean = 0;
        long allWithin = 0;
        for (int r = 0; r < rows; r++)
        {
            double squared = 0;
            bool ok = true;
            for (int o = 0; o < width; o++)
            {
                double e = predictions[r * width + o] - labels[r * width + o];
                squared += e * e;
                if (thresholds != null && Math.Abs(e) > thresholds[o]) ok = false;
            }
            euclidean += Math.Sqrt(squared);
            if (ok) allWithin++;
        }
        return new MultiOutputRegressionMetrics(outputs, rows, euclidean / rows, thresholds == null ? null : (double)allWithin / rows);
    }
}

using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.MLNet.Reports;
using Sparsh.Quickstart;
using Sparsh.Trainers.Encoder;
using Sparsh.Transforms.Xela;

namespace Sparsh.PoseTracking;

/// <summary>Writes the pose-tracking report: the mode x budget table, metric-vs-budget plots, trajectories and training curves.</summary>
public static class PoseTrackingReport
{
    /// <summary>Writes report.md and its PNG figures under the output folder's report/; returns the report's path.</summary>
    public static string Write(PoseTrackingOptions options, IReadOnlyList<DecoderResult> results, IDataView test, SparshSkinEncoderConfig encoder)
    {
        var report = new MarkdownReport(Path.Combine(options.OutputDirectory, "report"), "Object pose tracking with the temporal decoder");
        report.Paragraph($"{options.Recordings} simulated object-pose recordings of {options.Seconds:F0} s on one skin. Every 0.1 s window -> " +
                         $"Sparsh-skin encoder ({encoder.EmbeddingDim}-wide, {encoder.Depth} blocks) -> attentive pooling -> sinusoidal time " +
                         $"embedding -> causal transformer block -> (Tx, Ty, theta) per window, trained on sequences of {options.SequenceLengthWindows} " +
                         $"windows for {options.OptimizerSteps} optimiser steps of {options.BatchSize} sequences at every budget. Frozen reads the pretrained encoder's tokens; FineTune trains it too (a tenth of the " +
                         "learning rate); EndToEnd trains the same architecture from random weights. Test: held-out recordings.");
        report.Table(["mode", "budget", "training recordings", "training windows", "RMSE Tx (mm)", "RMSE Ty (mm)", "RMSE theta (deg)",
                      "accuracy (1 cm, 0.1 rad)", "R2 Tx", "R2 Ty", "R2 theta"],
            results.Select(r => (IReadOnlyList<object?>)[r.Mode.ToString(), $"{r.Budget:P1}", r.TrainingRecordings, r.TrainingWindows,
                1000 * r.Test.Outputs[0].RootMeanSquaredError, 1000 * r.Test.Outputs[1].RootMeanSquaredError,
                r.Test.Outputs[2].RootMeanSquaredError * 180 / Math.PI, r.Test.AccuracyWithinThresholds,
                r.Test.Outputs[0].RSquared, r.Test.Outputs[1].RSquared, r.Test.Outputs[2].RSquared]), numberFormat: "F3");

        DecoderComparisonPlots.MetricVersusBudget(report, "translation_rmse_vs_budget.png", "Translation RMSE against labelled-data budget",
            "test RMSE of Tx and Ty (mm)", results, r => 1000 * (r.Test.Outputs[0].RootMeanSquaredError + r.Test.Outputs[1].RootMeanSquaredError) / 2);
        report.Figure("translation_rmse_vs_budget.png", "Mean test RMSE of the two translations per mode and budget.");
        DecoderComparisonPlots.MetricVersusBudget(report, "accuracy_vs_budget.png", "Pose accuracy against labelled-data budget",
            "windows within 1 cm and 0.1 rad", results, r => r.Test.AccuracyWithinThresholds ?? double.NaN);
        report.Figure("accuracy_vs_budget.png", "Share of test windows with Tx and Ty within 1 cm and theta within 0.1 rad.");

        double full = results.Max(r => r.Budget);
        var best = results.Where(r => r.Budget == full).MaxBy(r => r.Test.AccuracyWithinThresholds ?? 0)!;
        Trajectories(report, best, test);
        var curves = results.Where(r => r.Budget == full).Select(r => new ReportPlots.Series(r.Mode.ToString(),
            r.History.Epochs.Select(e => (double)e.Step).ToArray(), r.History.Epochs.Select(e => e.TrainLoss).ToArray())).ToList();
        ReportPlots.Lines(report.FigurePath("pose_training.png"), $"Temporal decoder training ({full:P0} of labels)", "optimiser step", "smooth-L1 loss", curves);
        report.Figure("pose_training.png", "Training loss (mean over each epoch) against optimiser steps at the full budget.");
        return report.Save();
    }

    // True and predicted pose over the first test recording, for the best model at the full budget.
    private static void Trajectories(MarkdownReport report, DecoderResult best, IDataView test)
    {
        var ids = test.GetColumn<string>(XelaColumnNames.RecordingId).ToArray();
        var starts = test.GetColumn<double>(XelaColumnNames.WindowStartSeconds).ToArray();
        string first = ids[0];
        var rows = Enumerable.Range(0, ids.Length).Where(i => ids[i] == first).OrderBy(i => starts[i]).ToArray();
        double[] time = rows.Select(i => starts[i] + 0.1).ToArray();
        double[] Series(float[] values, int axis, double scale) => rows.Select(i => scale * values[3 * i + axis]).ToArray();
        string model = $"{best.Mode}, {best.Budget:P0} of labels";
        ReportPlots.Lines(report.FigurePath("pose_translation.png"), $"Object translation, recording {first} ({model})", "time (s)", "position in the palm plane (mm)",
        [
            new("Tx true", time, Series(best.Truth, 0, 1000)), new("Tx predicted", time, Series(best.Predictions, 0, 1000)),
            new("Ty true", time, Series(best.Truth, 1, 1000)), new("Ty predicted", time, Series(best.Predictions, 1, 1000)),
        ]);
        report.Figure("pose_translation.png", $"True and predicted object translation over time (millimetres), {model}.");
        ReportPlots.Lines(report.FigurePath("pose_rotation.png"), $"Object rotation, recording {first} ({model})", "time (s)", "theta (degrees)",
        [
            new("theta true", time, Series(best.Truth, 2, 180 / Math.PI)), new("theta predicted", time, Series(best.Predictions, 2, 180 / Math.PI)),
        ]);
        report.Figure("pose_rotation.png", $"True and predicted object rotation over time (degrees), {model}.");
    }
}

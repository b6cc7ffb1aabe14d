using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.MLNet.Reports;
using Sparsh.MLNet.Studies;
using Sparsh.Transforms.Core;
using Sparsh.Trainers.Encoder;
using Sparsh.Transforms.Xela;

namespace Sparsh.PoseTracking;

/// <summary>Writes the pose-tracking report: the mode x budget table (mean ± std over seeds), error-vs-budget and validation curves, trajectories.</summary>
public static class PoseTrackingReport
{
    /// <summary>Writes report.md and its PNG figures under the output folder's report/; returns the report's path.</summary>
    public static string Write(PoseTrackingOptions options, SampleEfficiencyResult study, IDataView test, SparshSkinEncoderConfig encoder)
    {
        var report = new MarkdownReport(Path.Combine(options.OutputDirectory, "report"), "Object pose tracking with the temporal decoder");
        report.Paragraph($"{options.Recordings} simulated object-pose recordings of {options.Seconds:F0} s on one skin. Every 0.1 s window -> " +
                         $"Sparsh-skin encoder ({encoder.EmbeddingDim}-wide, {encoder.Depth} blocks) -> attentive pooling -> sinusoidal time " +
                         $"embedding -> causal transformer block -> (Tx, Ty, theta) per window, trained on sequences of {options.SequenceLengthWindows} " +
                         $"windows for {options.OptimizerSteps} optimiser steps of {options.BatchSize} sequences at every budget, early-stopped on " +
                         $"{study.ValidationRecordings.Count} validation recordings. Frozen reads the pretrained encoder's tokens; FineTune trains it too " +
                         $"(at the decoder's learning rate); EndToEnd trains the same architecture from random weights. Test: {study.TestRecordings.Count} " +
                         $"held-out recordings. Seeds {string.Join(", ", study.Options.Seeds)}: mean ± std over seeds.");
        var modes = study.Selected.Select(r => r.Mode).Distinct().Order().ToArray();
        var budgets = study.Options.BudgetRecordings.Order().ToArray();
        report.Table(["mode", "labelled recordings", "RMSE Tx (mm)", "RMSE Ty (mm)", "RMSE theta (deg)", "accuracy (1 cm, 0.1 rad)", "test RMSE / label std"],
            modes.SelectMany(mode => budgets.Select(budget => (IReadOnlyList<object?>)[mode.ToString(), budget,
                study.Statistic(mode, budget, r => 1000 * r.Test.Outputs[0].RootMeanSquaredError).ToString("F3"),
                study.Statistic(mode, budget, r => 1000 * r.Test.Outputs[1].RootMeanSquaredError).ToString("F3"),
                study.Statistic(mode, budget, r => r.Test.Outputs[2].RootMeanSquaredError * 180 / Math.PI).ToString("F3"),
                study.Statistic(mode, budget, r => r.Test.AccuracyWithinThresholds ?? double.NaN).ToString("F3"),
                study.Statistic(mode, budget, r => r.TestNormalizedRmse).ToString("F3")])));

        SampleEfficiencyPlots.ErrorVersusBudget(report.FigurePath("error_vs_budget.png"), study, "Pose test error against labelled recordings");
        report.Figure("error_vs_budget.png", "Test RMSE / label std averaged over Tx, Ty and theta, mean ± std over seeds, against labelled recordings (log scale).");
        SampleEfficiencyPlots.ValidationVersusSteps(report.FigurePath("validation_vs_steps.png"), study, budgets[^1], study.Options.Seeds[0],
            $"Validation RMSE during training ({budgets[^1]} labelled recordings)");
        report.Figure("validation_vs_steps.png", "Validation RMSE (metres and radians together) against optimiser steps at the largest budget.");
        if (study.BestRun is { } best && study.BestModel is { } model) Trajectories(report, best, model, test);
        return report.Save();
    }


    // True and predicted pose over the first test recording, for the model that scored best on validation.
    private static void Trajectories(MarkdownReport report, SampleEfficiencyRun best, ITransformer model, IDataView test)
    {
        var (_, values) = DataViewReader.ReadFloatColumns(model.Transform(test), PoseTrackingRun.Pose, "Score");
        var ids = test.GetColumn<string>(XelaColumnNames.RecordingId).ToArray();
        var starts = test.GetColumn<double>(XelaColumnNames.WindowStartSeconds).ToArray();
        string first = ids[0];
        var rows = Enumerable.Range(0, ids.Length).Where(i => ids[i] == first).OrderBy(i => starts[i]).ToArray();
        double[] time = rows.Select(i => starts[i] + 0.1).ToArray();
        double[] Series(float[] values, int axis, double scale) => rows.Select(i => scale * values[3 * i + axis]).ToArray();
        string what = $"{best.Mode}, {best.BudgetRecordings} labelled recordings";
        ReportPlots.Lines(report.FigurePath("pose_translation.png"), $"Object translation, recording {first} ({what})", "time (s)", "position in the palm plane (mm)",
        [
            new("Tx true", time, Series(values[0], 0, 1000)), new("Tx predicted", time, Series(values[1], 0, 1000)),
            new("Ty true", time, Series(values[0], 1, 1000)), new("Ty predicted", time, Series(values[1], 1, 1000)),
        ]);
        report.Figure("pose_translation.png", $"True and predicted object translation over time (millimetres), {what}.");
        ReportPlots.Lines(report.FigurePath("pose_rotation.png"), $"Object rotation, recording {first} ({what})", "time (s)", "theta (degrees)",
        [
            new("theta true", time, Series(values[0], 2, 180 / Math.PI)), new("theta predicted", time, Series(values[1], 2, 180 / Math.PI)),
        ]);
        report.Figure("pose_rotation.png", $"True and predicted object rotation over time (degrees), {what}.");
    }
}

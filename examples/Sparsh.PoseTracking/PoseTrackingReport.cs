using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.MLNet.Reports;
using Sparsh.MLNet.Studies;
using Sparsh.Transforms.Core;
using Sparsh.Trainers.Encoder;
using Sparsh.Transforms.Xela;

namespace Sparsh.PoseTracking;

/// <summary>Writes the tracking report: the mode x budget table with RMSE per axis (mean ± std over seeds), error-vs-budget and validation curves, trajectories.</summary>
public static class PoseTrackingReport
{
    /// <summary>Writes report.md and its PNG figures under the output folder's report/; returns the report's path.</summary>
    public static string Write(PoseTrackingOptions options, SampleEfficiencyResult study, IDataView test, SparshSkinEncoderConfig encoder)
    {
        var task = options.Task;
        var report = new MarkdownReport(Path.Combine(options.OutputDirectory, "report"), task.Title);
        bool hiss = study.Selected.Any(r => r.Mode == SampleEfficiencyMode.Hiss);
        report.Paragraph($"{options.Recordings} simulated {task.ScenarioTask} recordings of {options.Seconds:F0} s on one skin. Every 0.1 s window -> " +
                         $"Sparsh-skin encoder ({encoder.EmbeddingDim}-wide, {encoder.Depth} blocks) -> attentive pooling -> sinusoidal time " +
                         $"embedding -> causal transformer block -> {task.What} per window, trained on sequences of {options.SequenceLengthWindows} " +
                         $"windows for {options.OptimizerSteps} optimiser steps of {options.BatchSize} sequences at every budget, early-stopped on " +
                         $"{study.ValidationRecordings.Count} validation recordings. Frozen reads the pretrained encoder's tokens; FineTune trains it too " +
                         $"(at the decoder's learning rate); EndToEnd trains the same architecture from random weights." +
                         (hiss ? " Hiss is the supervised HiSS baseline (a low-level LSTM over each window's raw flux frames, a high-level LSTM over windows, no encoder)." : "") +
                         $" Test: {study.TestRecordings.Count} held-out recordings. Seeds {string.Join(", ", study.Options.Seeds)}: mean ± std over seeds.");
        var modes = study.Selected.Select(r => r.Mode).Distinct().Order().ToArray();
        var budgets = study.Options.BudgetRecordings.Order().ToArray();
        // R2 per axis beside the RMSE: an RMSE alone hides whether an axis beats its own mean (theta's spread is small).
        report.Table(["mode", "labelled recordings", .. task.Axes.Select(a => a.RmseHeader), task.AccuracyHeader, "test RMSE / label std",
                $"test R2 ({string.Join(" / ", task.Axes.Select(a => a.Name))}), mean over seeds"],
            modes.SelectMany(mode => budgets.Select(budget => (IReadOnlyList<object?>)[mode.ToString(), budget,
                .. task.Axes.Select((a, i) => study.Statistic(mode, budget, r => a.Scale * r.Test.Outputs[i].RootMeanSquaredError).ToString("F3")),
                study.Statistic(mode, budget, r => r.Test.AccuracyWithinThresholds ?? double.NaN).ToString("F3"),
                study.Statistic(mode, budget, r => r.TestNormalizedRmse).ToString("F3"),
                string.Join(" / ", task.Axes.Select((_, i) => study.Statistic(mode, budget, r => r.Test.Outputs[i].RSquared).Mean.ToString("F2")))])));

        SampleEfficiencyPlots.ErrorVersusBudget(report.FigurePath("error_vs_budget.png"), study, $"{task.Title}: test error against labelled recordings");
        report.Figure("error_vs_budget.png", $"Test RMSE / label std averaged over {string.Join(", ", task.Axes.Select(a => a.Name))}, mean ± std over seeds, against labelled recordings (log scale).");
        SampleEfficiencyPlots.ValidationVersusSteps(report.FigurePath("validation_vs_steps.png"), study, budgets[^1], study.Options.Seeds[0],
            $"Validation RMSE during training ({budgets[^1]} labelled recordings)");
        report.Figure("validation_vs_steps.png", "Validation RMSE (all outputs together, in label units) against optimiser steps at the largest budget.");
        if (study.BestRun is { } best && study.BestModel is { } model) Trajectories(report, task, best, model, test);
        return report.Save();
    }

    // True and predicted label over the first test recording, for the model that scored best on validation: one figure per
    // group of axes that share a unit (pose: translation and rotation; joystick: its three axes).
    private static void Trajectories(MarkdownReport report, TrackingTask task, SampleEfficiencyRun best, ITransformer model, IDataView test)
    {
        var (_, values) = DataViewReader.ReadFloatColumns(model.Transform(test), task.LabelName, "Score");
        var ids = test.GetColumn<string>(XelaColumnNames.RecordingId).ToArray();
        var starts = test.GetColumn<double>(XelaColumnNames.WindowStartSeconds).ToArray();
        string first = ids[0];
        int width = task.Axes.Count;
        var rows = Enumerable.Range(0, ids.Length).Where(i => ids[i] == first).OrderBy(i => starts[i]).ToArray();
        double[] time = rows.Select(i => starts[i] + 0.1).ToArray();
        double[] Series(float[] values, int axis) => rows.Select(i => task.Axes[axis].Scale * values[width * i + axis]).ToArray();
        string what = $"{best.Mode}, {best.BudgetRecordings} labelled recordings";
        foreach (var figure in task.Axes.Select((axis, index) => (axis, index)).GroupBy(a => a.axis.Figure))
        {
            string file = $"{task.Name}_{figure.Key}.png", unit = figure.First().axis.Unit;
            string names = string.Join(", ", figure.Select(a => a.axis.Name));
            ReportPlots.Lines(report.FigurePath(file), $"{task.Name} {figure.Key}, recording {first} ({what})", "time (s)",
                unit.Length == 0 ? names : $"{names} ({unit})",
                [.. figure.SelectMany(a => new[] { new ReportPlots.Series($"{a.axis.Name} true", time, Series(values[0], a.index)), new ReportPlots.Series($"{a.axis.Name} predicted", time, Series(values[1], a.index)) })]);
            report.Figure(file, $"True and predicted {names} over time{(unit.Length == 0 ? "" : $" ({unit})")}, {what}.");
        }
    }
}

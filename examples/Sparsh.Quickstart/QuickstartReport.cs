using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.MLNet.Reports;
using Sparsh.MLNet.Studies;
using Sparsh.Trainers.Decoders;
using Sparsh.Trainers.Encoder;
using Sparsh.Trainers.Pretraining;
using Sparsh.Transforms.Core;
using Sparsh.Transforms.Hand;
using Sparsh.Transforms.Xela;

namespace Sparsh.Quickstart;

/// <summary>Writes the Quickstart's report.md with its tables and PNG figures.</summary>
public static class QuickstartReport
{
    /// <summary>Writes the report next to its figures in the result's report folder.</summary>
    public static void Write(QuickstartResult result, QuickstartOptions options, IReadOnlyList<SparshPretrainingProgress> pretraining,
        IDataView testWindows, SparshSkinEncoderConfig encoder)
    {
        var report = new MarkdownReport(Path.GetDirectoryName(result.ReportPath)!, "Sparsh-skin on simulated data: Quickstart report");
        report.Paragraph($"Simulated one skin-covered Allegro hand: {options.RecordingsPerTask} play recordings of {options.PlaySeconds:F0} s " +
                         $"(unlabelled) and {options.RecordingsPerTask} force-probing recordings of {options.ForceSeconds:F0} s (labelled with the " +
                         $"indenter's force [shear x, shear y, normal] in newtons). Encoder: {encoder.EmbeddingDim}-wide, {encoder.Depth} blocks, " +
                         $"{encoder.Heads} heads, " + (options.EncoderCheckpoint is { } checkpoint ? $"loaded from `{Path.GetFileName(checkpoint)}`" :
                         options.Objective == SparshPretrainingObjective.None ? "randomly initialised (objective None, the control)" :
                         $"pretrained ({options.Objective ?? options.Pretraining().Objective}) for {options.PretrainingEpochs} epochs") + $". Run time {result.Elapsed.TotalMinutes:F1} min.");

        Pretraining(report, pretraining);
        Force(report, result);
        HandMap(report, testWindows);
        App(report, result);
        report.Save();
    }

    private static void Pretraining(MarkdownReport report, IReadOnlyList<SparshPretrainingProgress> log)
    {
        report.Heading("Pretraining on play");
        if (log.Count == 0)
        {
            report.Paragraph("No pretraining progress was reported.");
            return;
        }
        var series = new List<ReportPlots.Series> { new("training loss", log.Select(p => (double)p.Step).ToArray(), log.Select(p => p.Loss).ToArray()) };
        var validation = log.Where(p => p.ValidationLoss.HasValue).ToList();
        if (validation.Count > 0)
            series.Add(new("validation loss", validation.Select(p => (double)p.Step).ToArray(), validation.Select(p => p.ValidationLoss!.Value).ToArray()));
        ReportPlots.Lines(report.FigurePath("pretraining_loss.png"), "Pretraining loss", "optimizer step", "loss", series);
        report.Figure("pretraining_loss.png", "Pretraining loss on unlabelled play windows (self-distillation: DINO + iBOT + KoLeo; masked autoencoder: reconstruction; BYOL: 2 - 2 cos between online prediction and target projection).");
        var probed = log.Where(p => p.Probes is not null).ToList();
        if (probed.Count > 0)
        {
            var names = probed[0].Probes!.Keys.ToArray();
            ReportPlots.Lines(report.FigurePath("pretraining_probe.png"), "Online probe during pretraining", "optimizer step", "held-out RMSE / label std",
                names.SelectMany(name => new[]
                {
                    new ReportPlots.Series($"{name}: pretrained encoder", probed.Select(p => (double)p.Step).ToArray(), probed.Select(p => p.Probes![name]).ToArray()),
                    new ReportPlots.Series($"{name}: random initialisation", probed.Select(p => (double)p.Step).ToArray(), probed.Select(p => p.ProbesAtInitialisation![name]).ToArray()),
                }));
            report.Figure("pretraining_probe.png", "Ridge regression from the teacher's features (register embedding and mean taxel token) to each probe's label, fitted on some " +
                          "labelled recordings and scored on others as pretraining runs, against the same probe on a randomly initialised encoder (lower is better).");
            var final = probed[^1];
            report.Paragraph("Online probe at the last step: " + string.Join(", ", names.Select(n =>
                $"{n} {final.Probes![n]:F3} against {final.ProbesAtInitialisation![n]:F3} at random initialisation " +
                (final.Probes[n] < final.ProbesAtInitialisation[n] ? "(lower than at random initialisation)" : "(not lower than at random initialisation)"))) +
                ". One final point on a few held-out recordings: a direction, not a measurement with spread; the study below is that.");
        }
        var last = log[^1];
        report.Paragraph($"Final step {last.Step}: loss {last.Loss:F3}, " + string.Join(", ", last.Terms.Select(t => $"{t.Key} {t.Value:F3}")) + "." +
                         (double.IsFinite(last.TeacherEntropy)
                             ? $" Teacher entropy {last.TeacherEntropy:F2} nats: near 0 when its targets collapse onto one prototype and near " +
                               "ln(prototypes) when they stay uniform (e.g. 4.16 for 64); either means the encoder learned little."
                             : ""));
    }

    private static void Force(MarkdownReport report, QuickstartResult result)
    {
        var study = result.Study;
        report.Heading("Force estimation: does pretraining save labels?");
        report.Paragraph($"A sample-efficiency study: each mode trained on nested budgets of {string.Join(" / ", study.Options.BudgetRecordings)} labelled " +
                         $"recordings for seeds {string.Join(", ", study.Options.Seeds)} (each seed draws its own budgets), {study.Options.OptimizerSteps} optimiser " +
                         $"steps at every budget, learning rate chosen from [{string.Join(", ", study.Options.LearningRates)}] and early stopping on " +
                         $"{study.ValidationRecordings.Count} validation recordings; tested on {study.TestRecordings.Count} other recordings that chose nothing. " +
                         "LinearProbe reads the frozen encoder's pooled embedding; SignalProbe (when run) reads the normalised signal itself (its mean over the window's frames), no encoder; Frozen trains the attentive-pooler decoder on its tokens; FineTune " +
                         $"trains decoder and pretrained encoder (encoder at {study.Options.FineTuneEncoderLearningRateRatio:G3} x the decoder's learning rate); EndToEnd trains the same architecture from random weights. " +
                         "Mean ± standard deviation over seeds; RMSE in newtons.");
        var budgets = study.Options.BudgetRecordings.Order().ToArray();
        var modes = study.Selected.Select(r => r.Mode).Distinct().Order().ToArray();
        report.Table(["mode", "labelled recordings", "mean RMSE (N)", "RMSE shear x (N)", "RMSE shear y (N)", "RMSE normal (N)", "test RMSE / label std"],
            modes.SelectMany(mode => budgets.Select(budget => (IReadOnlyList<object?>)[mode.ToString(), budget,
                study.Statistic(mode, budget, r => r.TestMeanRmse).ToString("F3"),
                study.Statistic(mode, budget, r => r.Test.Outputs[0].RootMeanSquaredError).ToString("F3"),
                study.Statistic(mode, budget, r => r.Test.Outputs[1].RootMeanSquaredError).ToString("F3"),
                study.Statistic(mode, budget, r => r.Test.Outputs[2].RootMeanSquaredError).ToString("F3"),
                study.Statistic(mode, budget, r => r.TestNormalizedRmse).ToString("F3")])));

        SampleEfficiencyPlots.ErrorVersusBudget(report.FigurePath("rmse_vs_budget.png"), study, "Test error against labelled recordings (mean ± std over seeds)");
        report.Figure("rmse_vs_budget.png", "Test RMSE / label std, averaged over the three force components, against the number of labelled recordings (log scale).");
        SampleEfficiencyPlots.ValidationVersusSteps(report.FigurePath("validation_vs_steps.png"), study, budgets[0], study.Options.Seeds[0],
            $"Validation RMSE during training ({budgets[0]} labelled recording(s), seed {study.Options.Seeds[0]})");
        report.Figure("validation_vs_steps.png", "Sample efficiency in optimiser steps: validation RMSE of each decoder mode as it trains on the smallest budget.");

        var best = study.BestRun!;
        string training = best.Mode switch
        {
            SampleEfficiencyMode.LinearProbe => $"ridge regression on the frozen embedding, penalty {best.L2Regularization:G3}",
            SampleEfficiencyMode.SignalProbe => $"ridge regression on the normalised signal, penalty {best.L2Regularization:G3}",
            _ => $"learning rate {best.LearningRate:G3}",
        };
        report.Paragraph($"Shipped: **{best.Mode}**, {best.BudgetRecordings} labelled recordings, seed {best.Seed}, {training}: the " +
                         $"lowest validation error of all runs, every mode competing ({best.ValidationNormalizedRmse:F3} RMSE / std). Its test RMSE: " +
                         string.Join(", ", best.Test.Outputs.Select(o => $"{o.Name} {o.RootMeanSquaredError:F3} N")) + ".");
        ReportPlots.PredictedVersusTrue(report.FigurePath("force_predicted_vs_true.png"),
            $"Predicted vs true force (shipped: {best.Mode}, {best.BudgetRecordings} recordings)", "N",
            Enumerable.Range(0, 3).Select(a => new ReportPlots.Series(QuickstartRun.ForceAxes[a], Column(result.ShippedTruth, a), Column(result.ShippedPredictions, a))));
        report.Figure("force_predicted_vs_true.png", "Predicted against true force on the test windows, shipped model; dashed: ideal.");
    }


    private static void HandMap(MarkdownReport report, IDataView testWindows)
    {
        var (rows, values) = DataViewReader.ReadFloatColumns(testWindows, XelaColumnNames.Magnetic, QuickstartRun.ForceColumn);
        int width = values[0].Length / rows, frames = width / XelaSkin.ValuesPerFrame;
        int strongest = Enumerable.Range(0, rows).MaxBy(r => values[1][3 * r + 2]);
        var activation = new double[XelaSkin.TaxelCount];
        for (int f = 0; f < frames; f++)
            for (int t = 0; t < XelaSkin.TaxelCount; t++)
            {
                int i = strongest * width + f * XelaSkin.ValuesPerFrame + 3 * t;
                activation[t] += Math.Sqrt(values[0][i] * values[0][i] + values[0][i + 1] * values[0][i + 1] + values[0][i + 2] * values[0][i + 2]) / frames;
            }
        ReportPlots.HandMap(report.FigurePath("hand_map.png"), $"Taxel activation of the test window with the largest normal force ({values[1][3 * strongest + 2]:F2} N)",
            "|tared, normalised flux| (std units)", HandModel.AllegroXela, activation);
        report.Heading("What the skin saw");
        report.Figure("hand_map.png", "Mean magnitude of the tared, normalised magnetic reading per taxel over the window.");
    }

    private static void App(MarkdownReport report, QuickstartResult result)
    {
        report.Heading("Deployed model");
        report.Paragraph($"`{Path.GetFileName(result.ModelPath)}` holds the whole chain as ONNX inside an ML.NET zip: validity, kinematic " +
                         "positions, normalisation and the shipped encoder and force decoder. The line-of-business app " +
                         "`examples/Sparsh.ForceScoringApp` (plain ML.NET and ONNX Runtime, no Sparsh, no TorchSharp) loaded it with the held-out raw " +
                         $"windows of `{Path.GetFileName(result.TestWindowsPath)}` and predicted these, the ones with the largest normal force:");
        report.Table(["window", "true force (N)", "predicted force (N)"],
            result.AppPredictions.Select((p, i) => (IReadOnlyList<object?>)[i, Format(p.Truth), Format(p.Predicted)]));
    }

    private static double[] Column(float[] values, int axis) => Enumerable.Range(0, values.Length / 3).Select(r => (double)values[3 * r + axis]).ToArray();

    private static string Format(float[] force) => "[" + string.Join(", ", force.Select(v => v.ToString("F3", System.Globalization.CultureInfo.InvariantCulture))) + "]";
}

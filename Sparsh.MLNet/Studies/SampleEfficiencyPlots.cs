using Sparsh.MLNet.Reports;

namespace Sparsh.MLNet.Studies;

/// <summary>The study's figures: test error against label budget (the paper's Figure 7) and validation error against optimiser steps (Figure 12).</summary>
public static class SampleEfficiencyPlots
{
    /// <summary>Test RMSE / label std (mean over outputs) against labelled recordings, log axis, mean ± standard deviation over seeds.</summary>
    public static void ErrorVersusBudget(string path, SampleEfficiencyResult result, string title)
        => ReportPlots.LinesWithErrorBars(path, title, "labelled training recordings (log scale)", "test RMSE / label std (mean over outputs)",
            Modes(result).Select(mode =>
            {
                var budgets = result.Options.BudgetRecordings.Order().ToArray();
                var stats = budgets.Select(b => result.Statistic(mode, b, r => r.TestNormalizedRmse)).ToArray();
                return new ReportPlots.ErrorSeries(mode.ToString(), budgets.Select(b => (double)b).ToArray(),
                    stats.Select(s => s.Mean).ToArray(), stats.Select(s => s.StandardDeviation).ToArray());
            }), logX: true);

    /// <summary>Validation RMSE (label units, all outputs) against optimiser steps for each decoder mode's selected run at one budget and seed.</summary>
    public static void ValidationVersusSteps(string path, SampleEfficiencyResult result, int budgetRecordings, int seed, string title)
        => ReportPlots.Lines(path, title, "optimiser steps", "validation RMSE (label units)",
            result.Selected.Where(r => r.BudgetRecordings == budgetRecordings && r.Seed == seed && r.History.Epochs.Count > 0).OrderBy(r => r.Mode)
                .Select(r => (Run: r, Validated: r.History.Epochs.Where(e => e.Validated).ToArray()))
                .Select(r => new ReportPlots.Series($"{r.Run.Mode} (lr {r.Run.LearningRate:G2})",
                    r.Validated.Select(e => (double)e.Step).ToArray(), r.Validated.Select(e => e.ValidationRmse).ToArray())));

    // The probes last, so each decoder mode has the same colour in both figures.
    private static IEnumerable<SampleEfficiencyMode> Modes(SampleEfficiencyResult result)
        => result.Selected.Select(r => r.Mode).Distinct().OrderBy(m => m.IsRidgeProbe()).ThenBy(m => m);
}

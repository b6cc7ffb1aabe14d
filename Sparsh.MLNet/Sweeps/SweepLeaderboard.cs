using System.Globalization;
using System.Text;
using Microsoft.Data.Analysis;
using Microsoft.ML;
using Sparsh.MLNet.Evaluation;
using Sparsh.MLNet.Reports;

namespace Sparsh.MLNet.Sweeps;

/// <summary>The leaderboard DataFrame and the files of a sweep's output folder.</summary>
internal static class SweepLeaderboard
{
    public const string CsvFileName = "leaderboard.csv";
    public const string ReportFileName = "leaderboard.md";
    public const string PlotFileName = "best-score.png";
    public const string ModelFileName = "best-model.zip";

    /// <summary>Completed trials by mean score (ties by id), then failed, stopped and skipped trials by id.</summary>
    public static DataFrame Build(IReadOnlyList<SweepTrialResult> trials, SweepMetric metric)
    {
        var ordered = trials.Where(t => t.Status == SweepTrialStatus.Completed).OrderBy(t => t.Mean).ThenBy(t => t.Id)
            .Concat(trials.Where(t => t.Status != SweepTrialStatus.Completed).OrderBy(t => t.Id)).ToList();
        return new DataFrame(
            new Int32DataFrameColumn("Rank", ordered.Select((t, i) => t.Status == SweepTrialStatus.Completed ? i + 1 : (int?)null)),
            new Int32DataFrameColumn("Trial", ordered.Select(t => t.Id)),
            new StringDataFrameColumn("Family", ordered.Select(t => t.Family.ToString())),
            new StringDataFrameColumn("Parameters", ordered.Select(t => new SweepParameters(t.Parameters).ToString())),
            new DoubleDataFrameColumn(metric.Label(), ordered.Select(t => (double?)t.Mean)),
            new DoubleDataFrameColumn(metric.Label() + "Std", ordered.Select(t => (double?)t.StandardDeviation)),
            new DoubleDataFrameColumn("Seconds", ordered.Select(t => (double?)t.Seconds)),
            new StringDataFrameColumn("Status", ordered.Select(t => t.Status.ToString())),
            new StringDataFrameColumn("Error", ordered.Select(t => t.Error ?? "")),
            new DoubleDataFrameColumn("PeakCpu", ordered.Select(t => t.PeakCpu)),
            new DoubleDataFrameColumn("PeakMemoryMB", ordered.Select(t => t.PeakMemoryInMegaByte)));
    }

    public static (string? Csv, string? Report, string? Plot, string? Model, string? ModelSaveError) Write(MLContext mlContext, SweepOptions options,
        IReadOnlyList<SweepTrialResult> trials, DataFrame leaderboard, SweepTrialResult? best, ITransformer? model,
        MultiOutputRegressionMetrics? testMetrics, double testScore, string? finalError, DataViewSchema inputSchema)
    {
        if (options.OutputFolder == null) return (null, null, null, null, model == null ? null : "No output folder was given.");
        string folder = Directory.CreateDirectory(options.OutputFolder).FullName;

        string csv = Path.Combine(folder, CsvFileName);
        File.WriteAllText(csv, ToCsv(leaderboard));

        var (modelPath, saveError) = model == null ? (null, null) : SaveModel(mlContext, model, inputSchema, Path.Combine(folder, ModelFileName));

        var report = new MarkdownReport(folder, "Decoder sweep");
        report.Paragraph($"{trials.Count} trials ({options.Strategy}, seed {options.Seed}), {options.Folds}-fold cross-validation grouped by " +
                         $"`{options.GroupColumnName}`, ranked by {options.Metric.Label()} (lower is better). " +
                         $"{trials.Count(t => t.Status == SweepTrialStatus.Failed)} trials failed, {trials.Count(t => t.Status == SweepTrialStatus.Stopped)} were stopped early, " +
                         $"{trials.Count(t => t.Status == SweepTrialStatus.Skipped)} skipped.");
        string? plot = null;
        var completed = trials.Where(t => t.Status == SweepTrialStatus.Completed).OrderBy(t => t.Id).ToList();
        if (completed.Count > 0)
        {
            plot = report.FigurePath(PlotFileName);
            double running = double.PositiveInfinity;
            var bestSoFar = completed.Select(t => running = Math.Min(running, t.Mean)).ToArray();
            ReportPlots.Lines(plot, "Best cross-validated score so far", "trial", options.Metric.Label(),
                [new ReportPlots.Series("best so far", completed.Select(t => (double)t.Id).ToArray(), bestSoFar)]);
            report.Figure(PlotFileName, $"Best mean {options.Metric.Label()} over folds against trial id");
        }
        report.Heading("Leaderboard").Table(leaderboard);
        report.Heading("Best pipeline on the test groups");
        if (best == null) report.Paragraph("No trial completed.");
        else
        {
            report.Paragraph($"Trial {best.Id} ({best.Family}: {new SweepParameters(best.Parameters)}), refitted on all non-test groups.");
            if (testMetrics != null)
                report.Paragraph($"Test {options.Metric.Label()}: {testScore.ToString("G4", CultureInfo.InvariantCulture)}").Table(testMetrics.ToDataFrame());
            else report.Paragraph($"The refit failed: {finalError}");
            report.Paragraph(modelPath != null ? $"Saved as `{ModelFileName}`." : $"Not saved: {saveError}");
        }
        string reportPath = report.Save(ReportFileName);
        return (csv, reportPath, plot, modelPath, saveError);
    }

    private static (string? Path, string? Error) SaveModel(MLContext mlContext, ITransformer model, DataViewSchema inputSchema, string path)
    {
        try
        {
            mlContext.Model.Save(model, inputSchema, path);
            return (path, null);
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException)
        {
            // Custom transformers (the TorchSharp decoder, slot selection) gain ML.NET persistence through their ONNX export,
            // and a CustomMapping needs a contract name; until then the zip would be unloadable, so none is left behind.
            File.Delete(path);
            return (null, e.Message);
        }
    }

    private static string ToCsv(DataFrame frame)
    {
        var text = new StringBuilder();
        text.AppendLine(string.Join(",", frame.Columns.Select(c => Quote(c.Name))));
        foreach (var row in frame.Rows)
            text.AppendLine(string.Join(",", row.Select(cell => Quote(cell switch
            {
                null => "",
                double d => d.ToString("R", CultureInfo.InvariantCulture),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => cell.ToString() ?? "",
            }))));
        return text.ToString();
    }

    private static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : "\"" + value.Replace("\"", "\"\"") + "\"";
}

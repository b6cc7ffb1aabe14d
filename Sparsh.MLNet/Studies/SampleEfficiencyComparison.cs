using System.Globalization;
using System.Text;
using Microsoft.Data.Analysis;
using Sparsh.MLNet.Reports;

namespace Sparsh.MLNet.Studies;

/// <summary>
/// The paper's comparison across tasks and encoder recipes, assembled from studies run separately (each writes its
/// <see cref="SampleEfficiencyResult.SaveCsv"/> summary): one table row per recipe and mode, one column per task and budget.
/// </summary>
public static class SampleEfficiencyComparison
{
    private static readonly string[] RequiredColumns =
        ["Mode", "BudgetRecordings", "Seeds", "TestMeanRmseMean", "TestMeanRmseStd", "TestNormalizedRmseMean", "TestNormalizedRmseStd"];

    /// <summary>The rows of one study's summary (<see cref="SampleEfficiencyResult.Summary"/>), labelled with its task and encoder recipe.</summary>
    public static IReadOnlyList<SampleEfficiencyComparisonRow> Rows(string task, string encoder, DataFrame summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return [.. summary.Rows.Select(row => new SampleEfficiencyComparisonRow(task, encoder, (string)row[summary.Columns.IndexOf("Mode")],
            Convert.ToInt32(row[summary.Columns.IndexOf("BudgetRecordings")], CultureInfo.InvariantCulture),
            Convert.ToInt32(row[summary.Columns.IndexOf("Seeds")], CultureInfo.InvariantCulture),
            Value(row, summary, "TestMeanRmseMean"), Value(row, summary, "TestMeanRmseStd"),
            Value(row, summary, "TestNormalizedRmseMean"), Value(row, summary, "TestNormalizedRmseStd")))];
    }

    /// <summary>Reads a study's summary CSV; throws naming the file and the first missing column.</summary>
    public static IReadOnlyList<SampleEfficiencyComparisonRow> ReadSummary(string csvPath, string task, string encoder)
    {
        if (!File.Exists(csvPath)) throw new FileNotFoundException($"No study summary at '{csvPath}'.", csvPath);
        // Column types from the header, not guessed from the values: a guess reads the numbers as float and loses digits.
        string[] header = (File.ReadLines(csvPath).FirstOrDefault() ?? "").Split(',');
        var types = header.Select(name => name switch
        {
            "Mode" or "ChosenSettings" => typeof(string),
            "BudgetRecordings" or "Seeds" => typeof(int),
            _ => typeof(double),
        }).ToArray();
        var summary = DataFrame.LoadCsv(csvPath, dataTypes: types, cultureInfo: CultureInfo.InvariantCulture);
        foreach (string column in RequiredColumns)
            if (summary.Columns.IndexOf(column) < 0)
                throw new InvalidDataException($"'{csvPath}' is not a study summary: it has no column '{column}' (expected {string.Join(", ", RequiredColumns)}).");
        return Rows(task, encoder, summary);
    }

    /// <summary>
    /// A Markdown table: one row per encoder recipe and mode, one column per task and budget, cells "mean ± std" of the test
    /// RMSE in label units over seeds (— where a mode did not run on a task).
    /// </summary>
    public static string Markdown(IEnumerable<SampleEfficiencyComparisonRow> rows)
    {
        var all = rows.ToList();
        var columns = all.Select(r => (r.Task, r.BudgetRecordings)).Distinct().OrderBy(c => TaskOrder(all, c.Task)).ThenBy(c => c.BudgetRecordings).ToArray();
        var text = new StringBuilder();
        text.AppendLine("| encoder | mode | " + string.Join(" | ", columns.Select(c => $"{c.Task}, {c.BudgetRecordings} rec.")) + " |");
        text.AppendLine("|---|---|" + string.Concat(columns.Select(_ => "---:|")));
        foreach (var group in all.GroupBy(r => (r.Encoder, r.Mode)).OrderBy(g => g.Key.Encoder == "none").ThenBy(g => g.Key.Encoder, StringComparer.Ordinal).ThenBy(g => g.Key.Mode, StringComparer.Ordinal))
        {
            var cells = columns.Select(c => group.FirstOrDefault(r => r.Task == c.Task && r.BudgetRecordings == c.BudgetRecordings) is { } cell
                ? string.Create(CultureInfo.InvariantCulture, $"{cell.TestMeanRmseMean:F3} ± {cell.TestMeanRmseStd:F3}") : "—");
            text.AppendLine($"| {group.Key.Encoder} | {group.Key.Mode} | {string.Join(" | ", cells)} |");
        }
        return text.ToString();
    }

    /// <summary>One task's test RMSE / label std against budget (log axis, error bars over seeds), a line per recipe and mode.</summary>
    public static void PlotTask(string path, string task, IEnumerable<SampleEfficiencyComparisonRow> rows)
        => ReportPlots.LinesWithErrorBars(path, $"{task}: test error against labelled recordings", "labelled training recordings (log scale)",
            "test RMSE / label std (mean over outputs)",
            rows.Where(r => r.Task == task).GroupBy(r => (r.Encoder, r.Mode)).OrderBy(g => g.Key.Encoder, StringComparer.Ordinal).ThenBy(g => g.Key.Mode, StringComparer.Ordinal)
                .Select(g => g.OrderBy(r => r.BudgetRecordings).ToArray())
                .Select(points => new ReportPlots.ErrorSeries($"{points[0].Mode} ({points[0].Encoder})", points.Select(p => (double)p.BudgetRecordings).ToArray(),
                    points.Select(p => p.TestNormalizedRmseMean).ToArray(), points.Select(p => p.TestNormalizedRmseStd).ToArray())),
            logX: true);

    // Tasks in the order they were first given.
    private static int TaskOrder(List<SampleEfficiencyComparisonRow> rows, string task) => rows.FindIndex(r => r.Task == task);

    private static double Value(DataFrameRow row, DataFrame frame, string column)
        => Convert.ToDouble(row[frame.Columns.IndexOf(column)] ?? double.NaN, CultureInfo.InvariantCulture);
}

using Sparsh.MLNet.Reports;

namespace Sparsh.Quickstart;

/// <summary>Figures of a <see cref="DecoderComparison"/>, shared by the force and pose reports.</summary>
public static class DecoderComparisonPlots
{
    /// <summary>One line per mode: a test metric against the labelled-data budget (percent of the training recordings).</summary>
    public static void MetricVersusBudget(MarkdownReport report, string fileName, string title, string metricLabel,
        IEnumerable<DecoderResult> results, Func<DecoderResult, double> metric)
        => ReportPlots.Lines(report.FigurePath(fileName), title, "labelled training data (% of recordings)", metricLabel,
            results.GroupBy(r => r.Mode).Select(mode => mode.OrderBy(r => r.Budget).ToArray()).Select(mode => new ReportPlots.Series(
                mode[0].Mode.ToString(), mode.Select(r => 100 * r.Budget).ToArray(), mode.Select(metric).ToArray())));
}

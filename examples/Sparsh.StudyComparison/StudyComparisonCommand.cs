using Sparsh.MLNet.Studies;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Sparsh.StudyComparison;

/// <summary>Reads every study summary under the root, writes comparison.md (the table) and one error-vs-budget plot per task.</summary>
public sealed class StudyComparisonCommand : Command<StudyComparisonSettings>
{
    /// <inheritdoc/>
    public override int Execute(CommandContext context, StudyComparisonSettings settings, CancellationToken cancellationToken)
    {
        var tasks = settings.Tasks.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var rows = new List<SampleEfficiencyComparisonRow>();
        foreach (string task in tasks)
            foreach (string encoderFolder in Directory.GetDirectories(settings.Root).Order(StringComparer.Ordinal))
            {
                string summary = Path.Combine(encoderFolder, task, "report", SampleEfficiencyResult.SummaryFileName);
                if (!File.Exists(summary)) continue;
                rows.AddRange(SampleEfficiencyComparison.ReadSummary(summary, task, Path.GetFileName(encoderFolder)));
                AnsiConsole.MarkupLine($"read [bold]{Markup.Escape(summary)}[/]");
            }
        if (rows.Count == 0)
            throw new InvalidOperationException($"No study summaries under '{settings.Root}' (expected <encoder>/<task>/report/{SampleEfficiencyResult.SummaryFileName} for tasks {settings.Tasks}).");

        string table = SampleEfficiencyComparison.Markdown(rows);
        var report = new List<string>
        {
            "# Sample efficiency: encoders x modes x tasks",
            "",
            "Test RMSE in label units (force: N; pose: mean of m, m and rad; joystick: mean over axes), mean ± standard deviation over study seeds; " +
            "each cell the mode's decoder tuned on validation recordings and tested on recordings that chose nothing.",
            "",
            table,
        };
        foreach (string task in tasks.Where(t => rows.Any(r => r.Task == t)))
        {
            string png = $"comparison_{task}.png";
            SampleEfficiencyComparison.PlotTask(Path.Combine(settings.Root, png), task, rows);
            report.Add($"![{task}]({png})");
            report.Add("");
        }
        string path = Path.Combine(settings.Root, "comparison.md");
        File.WriteAllLines(path, report);
        AnsiConsole.WriteLine(table);
        AnsiConsole.MarkupLine($"Wrote [bold]{Markup.Escape(path)}[/]");
        return 0;
    }
}

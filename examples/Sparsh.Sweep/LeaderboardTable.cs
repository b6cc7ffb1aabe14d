using Sparsh.MLNet.Sweeps;
using Spectre.Console;

namespace Sparsh.Sweep;

/// <summary>Prints a sweep's top ten and its best pipeline.</summary>
internal static class LeaderboardTable
{
    public static void Write(SweepResult result)
    {
        var board = result.Leaderboard;
        var table = new Table().AddColumns("Rank", "Trial", "Family", "Parameters", result.Metric.Label(), "Seconds", "Status");
        for (int row = 0; row < Math.Min(10, board.Rows.Count); row++)
        {
            var r = board.Rows[row];
            table.AddRow(Markup.Escape($"{r[0]}"), $"{r[1]}", $"{r[2]}", Markup.Escape($"{r[3]}"),
                r[4] is double mean && !double.IsNaN(mean) ? $"{mean:G4} ± {(double)r[5]!:G2}" : "-", $"{(double)r[6]!:F1}", Markup.Escape($"{r[7]}"));
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"{result.ExecutedTrials} trials run now, {result.ResumedTrials} from the journal.");
        if (result.Best is { } best)
        {
            AnsiConsole.MarkupLine($"[green]Best:[/] trial {best.Id} ({best.Family}); test {result.Metric.Label()} {result.TestScore:G4}");
            AnsiConsole.MarkupLine(Markup.Escape($"  {result.TestMetrics}"));
            AnsiConsole.MarkupLine(result.ModelPath != null
                ? $"  saved: {Markup.Escape(result.ModelPath)}"
                : $"  [grey]not saved: {Markup.Escape(result.ModelSaveError ?? "")}[/]");
        }
        AnsiConsole.MarkupLine($"Report: {Markup.Escape(result.ReportPath ?? "")}");
    }
}

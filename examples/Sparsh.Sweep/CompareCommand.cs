using System.Globalization;
using System.Text;
using Microsoft.ML;
using Sparsh.MLNet.Sweeps;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Sparsh.Sweep;

/// <summary>
/// <c>sweep compare</c>: for each seed, a random sweep and a cost-frugal sweep on the smoke task (synthetic windows, the smoke
/// search space, K-fold cross-validation), each with the same wall-clock budget. For each seed the target is 1.05 x the
/// best score random search reached; the table gives the trials and seconds each tuner needed to get there (median over seeds).
/// </summary>
public sealed class CompareCommand : Command<CompareSettings>
{
    /// <inheritdoc/>
    public override int Execute(CommandContext context, CompareSettings settings, CancellationToken cancellationToken)
    {
        var mlContext = new MLContext(seed: 1);
        var data = SyntheticWindows.Load(mlContext, settings.Recordings, settings.WindowsPerRecording, seed: 7);
        var rows = new List<Row>();
        foreach (int seed in settings.SeedList)
            foreach (var strategy in new[] { SweepStrategy.Random, SweepStrategy.CostFrugal })
            {
                var result = mlContext.Sparsh().Sweep(data, new SweepOptions
                {
                    SearchSpace = SweepSpaces.Create(smoke: true),
                    Strategy = strategy,
                    MaxTrials = 10_000,
                    TimeBudget = TimeSpan.FromSeconds(settings.Seconds),
                    Folds = settings.Folds,
                    Seed = seed,
                    OutputNames = ["Fx", "Fy", "Fz"],
                    CancellationToken = cancellationToken,
                });
                var trials = result.Trials.OrderBy(t => t.Id).ToList();
                rows.Add(new Row(seed, strategy, trials));
                AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                    $"seed {seed} {strategy}: {trials.Count} trials in {trials.Sum(t => t.Seconds):F0} s of trial time, best {result.Best?.Mean:G4} ({result.Best?.Family})"));
            }

        var text = new StringBuilder();
        text.AppendLine("| seed | tuner | trials | best MeanRMSE | target (1.05 x random's best) | trials to target | trial-seconds to target | families tried |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        var csv = new StringBuilder("seed,tuner,trials,best,target,trialsToTarget,secondsToTarget\n");
        var summary = new Dictionary<SweepStrategy, List<(double Trials, double Seconds, double Best)>>();
        foreach (var row in rows)
        {
            double target = 1.05 * rows.Single(r => r.Seed == row.Seed && r.Strategy == SweepStrategy.Random).Best;
            var (trials, seconds) = row.ToTarget(target);
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {row.Seed} | {row.Strategy} | {row.Trials.Count} | {row.Best:G4} | {target:G4} | {Show(trials)} | {Show(seconds, "F0")} | {string.Join(", ", row.Trials.GroupBy(t => t.Family).Select(g => $"{g.Key} {g.Count()}"))} |"));
            csv.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{row.Seed},{row.Strategy},{row.Trials.Count},{row.Best:R},{target:R},{trials},{seconds:R}"));
            if (!summary.TryGetValue(row.Strategy, out var list)) summary[row.Strategy] = list = [];
            list.Add((trials ?? double.PositiveInfinity, seconds ?? double.PositiveInfinity, row.Best));
        }
        text.AppendLine();
        foreach (var (strategy, list) in summary)
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"- {strategy}: median trials to target {Show(Median(list.Select(x => x.Trials)))}, median trial-seconds to target {Show(Median(list.Select(x => x.Seconds)), "F0")}, median best {Median(list.Select(x => x.Best)):G4}"));
        string folder = Directory.CreateDirectory(settings.OutputDirectory).FullName;
        File.WriteAllText(Path.Combine(folder, "comparison.md"), text.ToString());
        File.WriteAllText(Path.Combine(folder, "comparison.csv"), csv.ToString());
        AnsiConsole.WriteLine(text.ToString());
        return 0;
    }

    private static string Show(double? value, string format = "G4") => value is { } v && double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "not reached";

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private sealed record Row(int Seed, SweepStrategy Strategy, List<SweepTrialResult> Trials)
    {
        public double Best => Trials.Where(t => t.Status == SweepTrialStatus.Completed).Select(t => t.Mean).DefaultIfEmpty(double.PositiveInfinity).Min();

        // 1-based trials and cumulative trial seconds until the first trial at or below the target.
        public (int? Trials, double? Seconds) ToTarget(double target)
        {
            double seconds = 0;
            for (int i = 0; i < Trials.Count; i++)
            {
                seconds += Trials[i].Seconds;
                if (Trials[i].Status == SweepTrialStatus.Completed && Trials[i].Mean <= target) return (i + 1, seconds);
            }
            return (null, null);
        }
    }
}

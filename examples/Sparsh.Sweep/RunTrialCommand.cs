using System.Globalization;
using Microsoft.ML;
using Sparsh.MLNet.Sweeps;
using Sparsh.Examples.Cli;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Sparsh.Sweep;

/// <summary>
/// <c>sweep run-trial</c>: one trial of a plan in this process, its result written as its own file in the journal folder.
/// Exit code 0 once the trial's outcome (completed, failed or stopped) is journalled, so a Kubernetes Job retries only
/// pods that died or hit an error before journalling; 1 for a bad command line, plan or data; 2 when interrupted.
/// </summary>
public sealed class RunTrialCommand : Command<RunTrialSettings>
{
    /// <inheritdoc/>
    public override int Execute(CommandContext context, RunTrialSettings settings, CancellationToken cancellationToken)
    {
        int index = settings.ResolveIndex();
        var plan = SweepPlan.Load(settings.PlanPath);
        using var cancel = ExampleApp.CancelOnCtrlC(cancellationToken);
        var mlContext = new MLContext(seed: 1);
        var data = PlanData.Load(mlContext, plan, settings.PlanPath);
        if (index >= plan.Trials.Count)
            throw new ArgumentException($"Trial index {index} is outside the plan '{settings.PlanPath}' ({plan.Trials.Count} trials, 0 to {plan.Trials.Count - 1}).");
        var trial = plan.Trials[index];
        // One plain line (not markup) that a supervisor or test can wait for.
        Console.WriteLine($"running trial {index} {trial.Family} ({trial.Parameters}) in process {Environment.ProcessId}");
        try
        {
            var result = mlContext.Sparsh().SweepTrial(data, plan, index, settings.JournalFolder, cancel.Token);
            string outcome = result.Status == SweepTrialStatus.Completed
                ? result.Mean.ToString("G4", CultureInfo.InvariantCulture)
                : $"{result.Status}: {result.Error}";
            Console.WriteLine($"trial {index} {result.Status.ToString().ToLowerInvariant()}: {outcome} in {result.Seconds:F1} s");
            return 0;
        }
        catch (OperationCanceledException)
        {
            AnsiConsole.MarkupLine($"[yellow]Interrupted.[/] Trial {index} was not journalled; run it again.");
            return 2;
        }
    }
}

using Spectre.Console.Cli;
using Sparsh.Examples.Cli;
using Sparsh.Sweep;

// dotnet run -c Release --project examples/Sparsh.Sweep -- [--smoke] [--trials N] [--parallel N] [--grid | --tuner CostFrugal] [--out DIR]
// runs a whole sweep in this process; interrupt with Ctrl+C and run again with the same --out to resume.
// Trial per process (Kubernetes Indexed Job, docs/sweeps.md): `sweep plan`, then `sweep run-trial --index N` (or JOB_COMPLETION_INDEX)
// once per trial, anywhere that shares the journal folder, then `sweep report`.
var app = new CommandApp<SweepCommand>();
app.Configure(config =>
{
    ExampleApp.Configure(config, "sparsh");
    config.AddBranch("sweep", sweep =>
    {
        sweep.SetDescription("Trial-per-process sweeps: plan, run one trial, merge the journal.");
        sweep.AddCommand<PlanCommand>("plan").WithDescription("Write plan.json: the trials of a Random or Grid sweep.");
        sweep.AddCommand<RunTrialCommand>("run-trial").WithDescription("Run one trial of a plan (--index N or JOB_COMPLETION_INDEX) and journal it.");
        sweep.AddCommand<ReportCommand>("report").WithDescription("Merge the journal into the leaderboard, report and best model.");
        sweep.AddCommand<RunPlanCommand>("run").WithDescription("Run every trial of a plan in this process.");
        sweep.AddCommand<CompareCommand>("compare").WithDescription("Cost-frugal against random search at equal wall-clock budget (docs/sweeps.md).");
    });
});
return app.Run(args);

using Spectre.Console;
using Sparsh.Quickstart;

bool smoke = args.Contains("--smoke");
AnsiConsole.MarkupLine("[bold]Sparsh.MLNet quickstart[/] (plumbing check; the full story arrives with the simulator and encoder)");
double rmse = 0;
AnsiConsole.Status().Start("Running the smoke pipeline...", _ =>
{
    rmse = SmokePipeline.Run(frames: smoke ? 200 : 2000, seed: 1, report: line => AnsiConsole.MarkupLine($"  [grey]{Markup.Escape(line)}[/]"));
});
AnsiConsole.MarkupLine($"[green]Done.[/] Held-out RMSE: {rmse:F3} N");
return rmse < 0.1 ? 0 : 1;

using Sparsh.Examples.Cli;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Sparsh.PretrainedEncoder;

/// <summary>Runs the example, printing each step, then the test metrics and where the zip and the exported encoder are.</summary>
public sealed class PretrainedEncoderCommand : Command<PretrainedEncoderSettings>
{
    /// <inheritdoc/>
    public override int Execute(CommandContext context, PretrainedEncoderSettings settings, CancellationToken cancellationToken)
    {
        var options = settings.ToOptions();
        AnsiConsole.MarkupLine("[bold]Sparsh-skin pretrained encoder[/]: PyTorch checkpoint -> force decoder -> evaluate -> model zip -> plain ML.NET -> back to PyTorch");
        using var cancellation = ExampleApp.CancelOnCtrlC(cancellationToken);
        var result = new PretrainedEncoderRun(options, message => AnsiConsole.WriteLine(message)).Run(cancellation.Token);
        var table = new Table().AddColumns("force axis", "RMSE (N)", "MAE (N)", "Pearson r");
        foreach (var output in result.Test.Outputs)
            table.AddRow(output.Name, output.RootMeanSquaredError.ToString("F3"), output.MeanAbsoluteError.ToString("F3"), output.PearsonR.ToString("F2"));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"Model zip: [bold]{Markup.Escape(result.ModelPath)}[/] (plain ML.NET within {result.AppLargestDifferenceNewtons:G3} N of the trained model)");
        AnsiConsole.MarkupLine($"Encoder for PyTorch: [bold]{Markup.Escape(result.ExportedEncoderPath)}[/] ({result.Elapsed.TotalMinutes:F1} min)");
        return 0;
    }
}

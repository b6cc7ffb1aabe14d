using System.Globalization;
using Sparsh.ForceScoringApp;
using Spectre.Console.Cli;

// A line-of-business app: loads a saved force model zip with plain ML.NET + ONNX Runtime (no Sparsh, no TorchSharp),
// scores held-out raw windows and prints per-axis errors. Bad files end with a one-line error and exit code 1.
// dotnet run --project examples/Sparsh.ForceScoringApp -- [--model quickstart-output/force_model.zip]
//   [--windows quickstart-output/test_windows.idv] [--rows 5]; --help lists the options.
var app = new CommandApp<ForceScoringCommand>();
app.Configure(config =>
{
    config.SetApplicationName("Sparsh.ForceScoringApp");
    config.Settings.Culture = CultureInfo.InvariantCulture;
    config.Settings.StrictParsing = true;
    // A bad command line is an error like a bad file: one line and exit code 1 (Spectre's default is -1).
    config.SetExceptionHandler((e, _) => { Console.Error.WriteLine($"error: {e.Message}"); return 1; });
});
return app.Run(args);

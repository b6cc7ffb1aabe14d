using Sparsh.Examples.Cli;
using Sparsh.Quickstart;

// dotnet run -c Release --project examples/Sparsh.Quickstart -- [--smoke] [--out DIR] [--seed N] [--gpu] ...; --help lists every option.
return ExampleApp.Run<QuickstartCommand>("Sparsh.Quickstart", args);

using Sparsh.Examples.Cli;
using Sparsh.Simulator;

// Simulates the project's datasets to disk and writes a plausibility report.
// dotnet run --project examples/Sparsh.Simulator -- [--out DIR] [--recordings N] [--seconds S] [--seed K]; --help lists the options.
return ExampleApp.Run<SimulatorCommand>("Sparsh.Simulator", args);

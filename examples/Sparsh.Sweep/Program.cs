using Sparsh.Examples.Cli;
using Sparsh.Sweep;

// dotnet run -c Release --project examples/Sparsh.Sweep -- [--smoke] [--trials N] [--parallel N] [--grid] [--out DIR]; --help lists the options.
// Interrupt with Ctrl+C and run again with the same --out to resume: finished trials are not rerun.
return ExampleApp.Run<SweepCommand>("Sparsh.Sweep", args);

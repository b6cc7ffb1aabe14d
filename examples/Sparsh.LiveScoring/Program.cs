using Sparsh.Examples.Cli;
using Sparsh.LiveScoring;

// Scores a live (simulated) skin stream window by window with the Quickstart's model zip and prints latency.
// dotnet run --project examples/Sparsh.LiveScoring -- [--model quickstart-output/force_model.zip] [--seconds 5] [--unpaced]; --help lists the options.
return ExampleApp.Run<LiveScoringCommand>("Sparsh.LiveScoring", args);

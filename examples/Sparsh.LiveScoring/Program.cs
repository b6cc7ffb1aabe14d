using Sparsh.Examples.Cli;
using Sparsh.LiveScoring;

// Scores a live (simulated) skin stream window by window with a saved model zip (force, or pose from the last windows) and prints latency.
// dotnet run --project examples/Sparsh.LiveScoring -- [--task force|pose] [--model ZIP] [--seconds 5] [--unpaced]; --help lists the options.
return ExampleApp.Run<LiveScoringCommand>("Sparsh.LiveScoring", args);

using Sparsh.Examples.Cli;
using Sparsh.PoseTracking;

// dotnet run -c Release --project examples/Sparsh.PoseTracking -- [--smoke] [--task pose|joystick] [--out pose-output] [--budgets 1,15] [--steps 200] ...; --help lists every option.
return ExampleApp.Run<PoseTrackingCommand>("Sparsh.PoseTracking", args);

using Sparsh.Examples.Cli;
using Sparsh.StudyComparison;

// Assembles the paper's comparison table from sample-efficiency studies run separately (tools/paper-comparison.sh runs them).
// dotnet run --project examples/Sparsh.StudyComparison -- ROOT; ROOT/<encoder>/<task>/report/study_summary.csv; --help lists the options.
return ExampleApp.Run<StudyComparisonCommand>("Sparsh.StudyComparison", args);

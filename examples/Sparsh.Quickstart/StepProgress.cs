namespace Sparsh.Quickstart;

/// <summary>Progress of one Quickstart step: <paramref name="Value"/> out of <paramref name="Maximum"/>, plus a status line.</summary>
public sealed record StepProgress(string Step, double Value, double Maximum, string Status = "");

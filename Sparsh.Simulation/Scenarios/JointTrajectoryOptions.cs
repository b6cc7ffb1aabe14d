namespace Sparsh.Simulation.Scenarios;

/// <summary>How random grasp and in-hand joint trajectories move.</summary>
public sealed record JointTrajectoryOptions
{
    /// <summary>Shortest and longest duration of one minimum-jerk move, seconds.</summary>
    public (double Min, double Max) MoveSeconds { get; init; } = (0.6, 2.0);

    /// <summary>Shortest and longest hold at a pose between moves, seconds.</summary>
    public (double Min, double Max) HoldSeconds { get; init; } = (0.0, 0.8);

    /// <summary>Fraction of each joint's range kept clear of both limits (hands avoid their hard stops).</summary>
    public double LimitMargin { get; init; } = 0.05;

    /// <summary>Largest change of one joint in one move as a fraction of its range (keeps moves grasp-like, not flailing).</summary>
    public double MaxStepFraction { get; init; } = 0.5;
}

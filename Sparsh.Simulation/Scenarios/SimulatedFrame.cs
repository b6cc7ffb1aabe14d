namespace Sparsh.Simulation.Scenarios;

/// <summary>One magnetic frame as the host receives it, with the latest joint reading.</summary>
/// <param name="TimestampSeconds">Host timestamp of the frame (jittered), seconds since the start.</param>
/// <param name="RawCounts">368 x 3 raw counts, taxel-major x, y, z.</param>
/// <param name="JointAnglesRadians">The 16 encoder readings most recently received before this frame.</param>
public sealed record SimulatedFrame(double TimestampSeconds, float[] RawCounts, float[] JointAnglesRadians);

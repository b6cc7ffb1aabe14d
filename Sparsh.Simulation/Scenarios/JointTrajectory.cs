using Sparsh.Transforms.Hand;

namespace Sparsh.Simulation.Scenarios;

/// <summary>
/// A joint-space trajectory through timed waypoints, minimum-jerk between consecutive ones (so angles, velocities
/// and accelerations are continuous). Every angle lies between the angles of the waypoints around it, so waypoints
/// inside the joint limits give a trajectory inside them.
/// </summary>
public sealed class JointTrajectory
{
    private readonly double[] _times;
    private readonly float[][] _poses;

    /// <summary>Creates a trajectory; times must be strictly increasing and every pose as wide as the first.</summary>
    public JointTrajectory(IReadOnlyList<double> timesSeconds, IReadOnlyList<float[]> posesRadians)
    {
        ArgumentNullException.ThrowIfNull(timesSeconds);
        ArgumentNullException.ThrowIfNull(posesRadians);
        if (timesSeconds.Count == 0 || timesSeconds.Count != posesRadians.Count)
            throw new ArgumentException($"Need one pose per time and at least one waypoint; got {timesSeconds.Count} times and {posesRadians.Count} poses.", nameof(posesRadians));
        for (int k = 1; k < timesSeconds.Count; k++)
            if (!(timesSeconds[k] > timesSeconds[k - 1]))
                throw new ArgumentException($"Waypoint {k} at {timesSeconds[k]} s is not after waypoint {k - 1} at {timesSeconds[k - 1]} s.", nameof(timesSeconds));
        int width = posesRadians[0].Length;
        if (posesRadians.Any(p => p is null || p.Length != width))
            throw new ArgumentException($"Every pose must have {width} angles.", nameof(posesRadians));
        _times = timesSeconds.ToArray();
        _poses = posesRadians.Select(p => (float[])p.Clone()).ToArray();
    }

    /// <summary>Angles per pose.</summary>
    public int JointCount => _poses[0].Length;

    /// <summary>Time of the last waypoint, seconds; the trajectory holds its last pose afterwards.</summary>
    public double EndSeconds => _times[^1];

    /// <summary>Waypoint times, seconds.</summary>
    public IReadOnlyList<double> WaypointTimes => _times;

    /// <summary>Writes the angles at <paramref name="timeSeconds"/> (held constant before the first and after the last waypoint).</summary>
    public void Evaluate(double timeSeconds, Span<float> anglesRadians)
    {
        if (anglesRadians.Length != JointCount)
            throw new ArgumentException($"Expected room for {JointCount} angles; got {anglesRadians.Length}.", nameof(anglesRadians));
        int k = Segment(timeSeconds);
        if (k < 0 || k >= _times.Length - 1)
        {
            _poses[Math.Clamp(k, 0, _times.Length - 1)].CopyTo(anglesRadians);
            return;
        }
        double blend = MinimumJerk.Blend((timeSeconds - _times[k]) / (_times[k + 1] - _times[k]));
        float[] a = _poses[k], b = _poses[k + 1];
        for (int j = 0; j < a.Length; j++)
            anglesRadians[j] = (float)(a[j] + (b[j] - a[j]) * blend);
    }

    // Index of the waypoint at or before t: -1 before the first.
    private int Segment(double t)
    {
        int k = Array.BinarySearch(_times, t);
        return k >= 0 ? k : ~k - 1;
    }

    /// <summary>
    /// Random grasp-like motion of <paramref name="hand"/> for <paramref name="durationSeconds"/>: moves between random
    /// poses inside the joint limits (less a margin), each joint changing at most a fraction of its range per move,
    /// with random holds. Starts at <paramref name="startPose"/>, or at a random pose when it is null.
    /// </summary>
    public static JointTrajectory Random(HandModel hand, double durationSeconds, int seed, JointTrajectoryOptions? options = null, float[]? startPose = null)
    {
        ArgumentNullException.ThrowIfNull(hand);
        ArgumentOutOfRangeException.ThrowIfNegative(durationSeconds);
        options ??= new JointTrajectoryOptions();
        var random = new System.Random(seed);
        var times = new List<double> { 0.0 };
        if (startPose is not null && startPose.Length != hand.JointCount)
            throw new ArgumentException($"Expected {hand.JointCount} start angles; got {startPose.Length}.", nameof(startPose));
        var poses = new List<float[]> { startPose ?? RandomPose(hand, random, options.LimitMargin) };
        double t = 0.0;
        while (t < durationSeconds)
        {
            double hold = Uniform(random, options.HoldSeconds);
            if (hold > 1e-3)
            {
                t += hold;
                times.Add(t);
                poses.Add(poses[^1]);
            }
            t += Math.Max(1e-3, Uniform(random, options.MoveSeconds));
            times.Add(t);
            poses.Add(Step(hand, random, poses[^1], options));
        }
        return new JointTrajectory(times, poses);
    }

    /// <summary>A pose drawn uniformly inside the joint limits less <paramref name="margin"/> of each range.</summary>
    public static float[] RandomPose(HandModel hand, System.Random random, double margin = 0.05)
    {
        ArgumentNullException.ThrowIfNull(hand);
        ArgumentNullException.ThrowIfNull(random);
        var pose = new float[hand.JointCount];
        for (int j = 0; j < pose.Length; j++)
        {
            var (low, high) = Inner(hand.Joints[j], margin);
            pose[j] = (float)(low + random.NextDouble() * (high - low));
        }
        return pose;
    }

    private static float[] Step(HandModel hand, System.Random random, float[] from, JointTrajectoryOptions options)
    {
        var pose = new float[from.Length];
        for (int j = 0; j < pose.Length; j++)
        {
            var joint = hand.Joints[j];
            var (low, high) = Inner(joint, options.LimitMargin);
            double reach = options.MaxStepFraction * (joint.UpperLimitRadians - joint.LowerLimitRadians);
            double target = from[j] + reach * (2.0 * random.NextDouble() - 1.0);
            pose[j] = (float)Math.Clamp(target, low, high);
        }
        return pose;
    }

    // Inner range in float precision, so that rounding never puts a waypoint outside the limits.
    private static (double Low, double High) Inner(HandJoint joint, double margin)
    {
        double range = joint.UpperLimitRadians - joint.LowerLimitRadians;
        double low = joint.LowerLimitRadians + margin * range, high = joint.UpperLimitRadians - margin * range;
        return (MathF.BitIncrement((float)low), MathF.BitDecrement((float)high));
    }

    private static double Uniform(System.Random random, (double Min, double Max) range) =>
        range.Min + random.NextDouble() * (range.Max - range.Min);
}

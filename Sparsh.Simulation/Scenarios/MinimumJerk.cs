namespace Sparsh.Simulation.Scenarios;

/// <summary>
/// Minimum-jerk interpolation (Flash and Hogan, 1985): the smooth point-to-point profile of human reaching,
/// zero velocity and acceleration at both ends. Used for joint trajectories and object motions.
/// </summary>
public static class MinimumJerk
{
    /// <summary>Blend weight at normalised time <paramref name="s"/> (clamped to [0, 1]): 10 s^3 - 15 s^4 + 6 s^5, monotone from 0 to 1.</summary>
    public static double Blend(double s)
    {
        s = Math.Clamp(s, 0.0, 1.0);
        return s * s * s * (10.0 + s * (-15.0 + 6.0 * s));
    }

    /// <summary>Derivative of <see cref="Blend"/> with respect to s: 30 s^2 (1 - s)^2, at most 1.875.</summary>
    public static double BlendRate(double s)
    {
        if (s is <= 0.0 or >= 1.0)
            return 0.0;
        double r = s * (1.0 - s);
        return 30.0 * r * r;
    }

    /// <summary>Value between <paramref name="from"/> and <paramref name="to"/> at normalised time <paramref name="s"/>.</summary>
    public static double Interpolate(double from, double to, double s) => from + (to - from) * Blend(s);
}

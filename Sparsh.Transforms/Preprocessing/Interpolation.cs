namespace Sparsh.Transforms.Preprocessing;

/// <summary>How <see cref="Resampler"/> evaluates a stream between its samples.</summary>
public enum Interpolation
{
    /// <summary>Natural cubic spline (zero curvature at both ends of each gap-free segment), as the reference preprocessing does.</summary>
    CubicSpline,

    /// <summary>Straight line between the two neighbouring samples.</summary>
    Linear,
}

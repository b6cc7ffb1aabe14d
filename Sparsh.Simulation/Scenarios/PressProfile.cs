namespace Sparsh.Simulation.Scenarios;

/// <summary>Press, hold, release: a load envelope rising 0 -> 1 and falling back with minimum-jerk ramps.</summary>
/// <param name="StartSeconds">When the press starts.</param>
/// <param name="PressSeconds">Rise time.</param>
/// <param name="HoldSeconds">Time at full load.</param>
/// <param name="ReleaseSeconds">Fall time.</param>
public readonly record struct PressProfile(double StartSeconds, double PressSeconds, double HoldSeconds, double ReleaseSeconds)
{
    /// <summary>When the load is back to zero.</summary>
    public double EndSeconds => StartSeconds + PressSeconds + HoldSeconds + ReleaseSeconds;

    /// <summary>Start of the hold phase.</summary>
    public double HoldStartSeconds => StartSeconds + PressSeconds;

    /// <summary>Start of the release phase.</summary>
    public double ReleaseStartSeconds => HoldStartSeconds + HoldSeconds;

    /// <summary>Envelope in [0, 1] at <paramref name="timeSeconds"/>.</summary>
    public double Envelope(double timeSeconds)
    {
        if (timeSeconds <= StartSeconds || timeSeconds >= EndSeconds)
            return 0.0;
        if (timeSeconds < HoldStartSeconds)
            return MinimumJerk.Blend((timeSeconds - StartSeconds) / PressSeconds);
        if (timeSeconds <= ReleaseStartSeconds)
            return 1.0;
        return 1.0 - MinimumJerk.Blend((timeSeconds - ReleaseStartSeconds) / ReleaseSeconds);
    }
}

namespace Sparsh.MLNet.Studies;

/// <summary>What kind of fit a <see cref="SampleEfficiencyMode"/> is.</summary>
public static class SampleEfficiencyModeExtensions
{
    /// <summary>
    /// Whether the mode is a closed-form ridge probe (<see cref="SampleEfficiencyMode.LinearProbe"/>,
    /// <see cref="SampleEfficiencyMode.SignalProbe"/>), tuned over ridge penalties instead of learning rates.
    /// </summary>
    public static bool IsRidgeProbe(this SampleEfficiencyMode mode) => mode is SampleEfficiencyMode.LinearProbe or SampleEfficiencyMode.SignalProbe;
}

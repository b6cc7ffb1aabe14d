namespace Sparsh.PoseTracking;

/// <summary>One output of a tracking task as the report shows it.</summary>
/// <param name="Name">Output name, in label order (e.g. Tx).</param>
/// <param name="Unit">Unit shown in tables and plots (e.g. mm; empty for unitless joystick axes).</param>
/// <param name="Scale">Factor from label units to <paramref name="Unit"/> (e.g. 1000 for metres to millimetres).</param>
/// <param name="Threshold">"Accurate" when the error is within this, in label units (e.g. 0.01 m).</param>
/// <param name="Figure">Name of the trajectory figure the axis is drawn in (axes sharing a unit share a figure).</param>
public sealed record TrackedAxis(string Name, string Unit, double Scale, double Threshold, string Figure)
{
    /// <summary>"RMSE Tx (mm)", or "RMSE x" without a unit.</summary>
    public string RmseHeader => Unit.Length == 0 ? $"RMSE {Name}" : $"RMSE {Name} ({Unit})";

    /// <summary>A value in label units, shown in the axis' unit.</summary>
    public string Format(double labelUnits, string format = "F1") => Unit.Length == 0
        ? (Scale * labelUnits).ToString(format, System.Globalization.CultureInfo.InvariantCulture)
        : $"{(Scale * labelUnits).ToString(format, System.Globalization.CultureInfo.InvariantCulture)} {Unit}";
}

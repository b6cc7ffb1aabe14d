namespace Sparsh.Transforms.Xela;

/// <summary>Facts about the XELA uSkin on an Allegro hand that every component shares.</summary>
public static class XelaSkin
{
    /// <summary>Taxels on the whole hand (18 patches).</summary>
    public const int TaxelCount = 368;

    /// <summary>Magnetic axes per taxel (x, y shear-like; z normal-like).</summary>
    public const int AxisCount = 3;

    /// <summary>Values in one frame: taxels x axes, taxel-major.</summary>
    public const int ValuesPerFrame = TaxelCount * AxisCount;

    /// <summary>Allegro hand joints (4 fingers x 4).</summary>
    public const int JointCount = 16;

    /// <summary>Sensor frame rate after resampling, in hertz.</summary>
    public const double FrameRateHz = 100.0;

    /// <summary>Smallest raw reading (counts) treated as valid, as in the reference preprocessing.</summary>
    public const float ValidMinCounts = 20000f;

    /// <summary>Largest raw reading (counts) treated as valid.</summary>
    public const float ValidMaxCounts = 60000f;

    /// <summary>Names of the magnetic axes.</summary>
    public static readonly IReadOnlyList<string> AxisNames = ["x", "y", "z"];
}

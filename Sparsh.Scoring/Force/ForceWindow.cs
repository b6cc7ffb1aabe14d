using Microsoft.ML.Data;

namespace Sparsh.Scoring.Force;

/// <summary>One 0.1 s window as an app assembles it from the skin and the hand: raw counts and joint angles, nothing derived.</summary>
public class ForceWindow
{
    /// <summary>Frames per window (10 at 100 Hz).</summary>
    public const int Frames = 10;

    /// <summary>Taxels of the XELA-covered Allegro hand.</summary>
    public const int Taxels = 368;

    /// <summary>Magnetic axes per taxel (x, y, z).</summary>
    public const int Axes = 3;

    /// <summary>Allegro hand joints.</summary>
    public const int Joints = 16;

    /// <summary>Raw skin counts [10 frames, 368 taxels, 3 axes], frame-major; the model's input column <c>Magnetic</c>.</summary>
    [ColumnName("Magnetic"), VectorType(Frames, Taxels, Axes)]
    public float[] MagneticCounts { get; set; } = [];

    /// <summary>Joint angles [10 frames, 16 joints] in radians, frame-major; the model's input column <c>JointAngles</c>.</summary>
    [ColumnName("JointAngles"), VectorType(Frames, Joints)]
    public float[] JointAnglesRadians { get; set; } = [];
}

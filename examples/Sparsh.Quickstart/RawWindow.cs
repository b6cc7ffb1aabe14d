using Microsoft.ML.Data;
using Sparsh.Transforms.Xela;

namespace Sparsh.Quickstart;

/// <summary>What an app feeds the model: 0.1 s of raw skin counts and joint angles.</summary>
public sealed class RawWindow
{
    /// <summary>Raw counts [10 frames, 368 taxels, 3 axes].</summary>
    [VectorType(10, XelaSkin.TaxelCount, XelaSkin.AxisCount)]
    public float[] Magnetic { get; set; } = [];

    /// <summary>Joint angles [10 frames, 16 joints] in radians.</summary>
    [VectorType(10, XelaSkin.JointCount)]
    public float[] JointAngles { get; set; } = [];
}

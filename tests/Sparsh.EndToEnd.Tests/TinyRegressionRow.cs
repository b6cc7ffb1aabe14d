using Microsoft.ML.Data;

namespace Sparsh.EndToEnd.Tests;

/// <summary>A row of a plain ML.NET regression problem whose feature column happens to be called Magnetic.</summary>
public sealed class TinyRegressionRow
{
    [VectorType(4)] public float[] Magnetic { get; set; } = [];
    public float Label { get; set; }
}

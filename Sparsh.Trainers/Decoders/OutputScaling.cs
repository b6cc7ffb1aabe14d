namespace Sparsh.Trainers.Decoders;

/// <summary>
/// Chooses each decoder output's scale from its training labels. Outputs without an activation are learned at unit
/// scale and multiplied back by their labels' standard deviation, and the loss divides predictions and labels by the
/// same scale, so labels in metres (pose) learn as fast as labels in newtons; outputs with an activation keep scale 1,
/// which preserves the activation's range.
/// </summary>
public static class OutputScaling
{
    /// <summary>Per-output scale from row-major labels (rows x outputs) of the given training rows.</summary>
    public static float[] FromLabels(ReadOnlySpan<float> labels, int outputs, IReadOnlyList<OutputActivation>? activations, IReadOnlyList<int> trainRows)
    {
        var scale = new float[outputs];
        for (int o = 0; o < outputs; o++)
        {
            if (activations != null && activations[o] != OutputActivation.None || trainRows.Count < 2)
            {
                scale[o] = 1f;
                continue;
            }
            double sum = 0, squares = 0;
            foreach (int row in trainRows)
            {
                double v = labels[row * outputs + o];
                sum += v;
                squares += v * v;
            }
            double mean = sum / trainRows.Count, std = Math.Sqrt(Math.Max(squares / trainRows.Count - mean * mean, 0));
            scale[o] = std > 1e-6 ? (float)std : 1f;
        }
        return scale;
    }
}

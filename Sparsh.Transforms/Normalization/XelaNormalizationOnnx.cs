using Sparsh.Transforms.Onnx;
using Sparsh.Transforms.Preprocessing;
using Sparsh.Transforms.Xela;

namespace Sparsh.Transforms.Normalization;

/// <summary>ONNX export of <see cref="XelaNormalizationTransformer"/>: baseline subtraction and per-axis standardisation.</summary>
public static class XelaNormalizationOnnx
{
    /// <summary>
    /// Adds the normalisation step to flagged counts [..., 368, 3]: subtract <paramref name="baseline"/> (if any),
    /// then <c>(value - mean) / std</c> per axis. Zeros (invalid) stay zero at both stages, and channels without a
    /// baseline become zero, exactly as the C# transformer does.
    /// </summary>
    public static string AddTo(OnnxGraphBuilder graph, string magnetic, TaxelBaseline? baseline, MagneticChannelStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(statistics);
        using var scope = graph.Scope("normalization");
        var zero = graph.AddScalar("zero", 0f);
        var value = magnetic;
        if (baseline is not null)
        {
            // Missing baseline means (NaN) are written as 0 with a 0 "keep" flag, so NaN never enters the graph.
            var means = new float[XelaSkin.ValuesPerFrame];
            var known = new float[XelaSkin.ValuesPerFrame];
            for (var i = 0; i < means.Length; i++)
            {
                var mean = baseline.MeansCounts[i];
                known[i] = float.IsNaN(mean) ? 0f : 1f;
                means[i] = float.IsNaN(mean) ? 0f : mean;
            }
            var meanTensor = graph.AddInitializer("baseline_counts", means, XelaSkin.TaxelCount, XelaSkin.AxisCount);
            var knownFlags = graph.AddInitializer("baseline_known", known, XelaSkin.TaxelCount, XelaSkin.AxisCount);
            var hasBaseline = graph.AddNode("Cast", [knownFlags], "has_baseline", OnnxAttribute.CastTo(OnnxElementType.Bool));
            var isZero = graph.AddNode("Equal", [value, zero], "invalid");
            var isValid = graph.AddNode("Not", [isZero], "valid");
            var keep = graph.AddNode("And", [isValid, hasBaseline], "tare");
            var tared = graph.AddNode("Sub", [value, meanTensor], "tared_all");
            value = graph.AddNode("Where", [keep, tared, zero], "tared");
        }

        // The C# step multiplies by the float reciprocal of std; doing the same keeps results bit-for-bit close.
        float[] axisMean = [.. statistics.Mean.Select(m => (float)m)];
        float[] axisScale = [.. statistics.Std.Select(s => (float)(1 / s))];
        var meanAxes = graph.AddInitializer("axis_mean", axisMean, XelaSkin.AxisCount);
        var scaleAxes = graph.AddInitializer("axis_inv_std", axisScale, XelaSkin.AxisCount);
        var zeroAfterTare = graph.AddNode("Equal", [value, zero], "still_invalid");
        var centred = graph.AddNode("Sub", [value, meanAxes], "centred");
        var scaled = graph.AddNode("Mul", [centred, scaleAxes], "scaled");
        return graph.AddNode("Where", [zeroAfterTare, zero, scaled], "normalized");
    }

    /// <summary>
    /// A model for windows of <paramref name="frames"/> frames with a dynamic batch dimension: input
    /// <paramref name="inputName"/> [batch, frames, 368, 3] float, output <paramref name="outputName"/> (with
    /// <c>.output</c> appended when it equals the input's name) of the same shape.
    /// </summary>
    public static byte[] Export(TaxelBaseline? baseline, MagneticChannelStatistics statistics, int frames,
        string inputName = XelaColumnNames.Magnetic, string outputName = XelaColumnNames.Magnetic)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        OnnxDimension[] shape = [OnnxDimension.Dynamic("batch"), frames, XelaSkin.TaxelCount, XelaSkin.AxisCount];
        return Export(baseline, statistics, inputName, outputName, shape);
    }

    /// <summary>The model for a given shape, the same for input and output (an ML.NET column's dimensions when saving).</summary>
    internal static byte[] Export(TaxelBaseline? baseline, MagneticChannelStatistics statistics, string inputName, string outputName, OnnxDimension[] shape)
    {
        var graph = new OnnxGraphBuilder("xela_normalization");
        var input = graph.AddInput(inputName, OnnxElementType.Float, shape);
        bool natural = OnnxShapes.EndsWith(shape, XelaSkin.TaxelCount, XelaSkin.AxisCount);
        var magnetic = natural ? input
            : OnnxShapes.Reshape(graph, input, [OnnxDimension.Dynamic("frames"), XelaSkin.TaxelCount, XelaSkin.AxisCount], "magnetic_frames");
        var normalized = AddTo(graph, magnetic, baseline, statistics);
        if (!natural) normalized = OnnxShapes.Reshape(graph, normalized, shape, "normalized_out");
        graph.AddOutput(normalized, OnnxShapes.OutputName(outputName, graph.InputNames), OnnxElementType.Float, shape);
        return graph.ToModelBytes("Sparsh XelaNormalization: baseline subtraction and per-axis standardisation; invalid zeros stay zero.");
    }
}

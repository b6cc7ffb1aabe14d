using Sparsh.Transforms.Onnx;
using Sparsh.Transforms.Xela;

namespace Sparsh.Transforms.Validity;

/// <summary>ONNX export of <see cref="XelaValidityTransformer"/>: zero invalid raw readings and build the per-taxel mask.</summary>
public static class XelaValidityOnnx
{
    /// <summary>
    /// Adds the validity step: <paramref name="magnetic"/> is raw counts [..., 368, 3]; returns the cleaned counts
    /// (same shape, invalid values 0) and the bool mask [..., 368] (false where any axis is invalid).
    /// </summary>
    /// <remarks>Comparisons with NaN are false in ONNX as in C#, so NaN (and infinities, being out of range) are invalid.</remarks>
    public static (string Magnetic, string Validity) AddTo(OnnxGraphBuilder graph, string magnetic, float minCounts, float maxCounts)
    {
        ArgumentNullException.ThrowIfNull(graph);
        using var scope = graph.Scope("validity");
        var min = graph.AddScalar("min_counts", minCounts);
        var max = graph.AddScalar("max_counts", maxCounts);
        var zero = graph.AddScalar("zero", 0f);
        var aboveMin = graph.AddNode("GreaterOrEqual", [magnetic, min], "above_min");
        var belowMax = graph.AddNode("LessOrEqual", [magnetic, max], "below_max");
        var valid = graph.AddNode("And", [aboveMin, belowMax], "valid_value");
        var cleaned = graph.AddNode("Where", [valid, magnetic, zero], "cleaned");
        // ONNX has no all-reduction over bools: a taxel is valid when the minimum of its three 0/1 flags is 1.
        var flags = graph.AddNode("Cast", [valid], "valid_flags", OnnxAttribute.CastTo(OnnxElementType.Float));
        var allFlags = graph.AddNode("ReduceMin", [flags], "taxel_flags", OnnxAttribute.Ints("axes", -1), OnnxAttribute.Int("keepdims", 0));
        var mask = graph.AddNode("Cast", [allFlags], "taxel_valid", OnnxAttribute.CastTo(OnnxElementType.Bool));
        return (cleaned, mask);
    }

    /// <summary>
    /// A model for windows of <paramref name="frames"/> frames with a dynamic batch dimension: input
    /// <c>options.InputColumnName</c> [batch, frames, 368, 3] float; outputs the cleaned counts (named
    /// <c>options.OutputColumnName</c>, with <c>.output</c> appended when it equals the input's name) and the mask
    /// <c>options.ValidityColumnName</c> [batch, frames, 368] bool.
    /// </summary>
    public static byte[] Export(XelaValidityOptions options, int frames)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        OnnxDimension[] shape = [OnnxDimension.Dynamic("batch"), frames, XelaSkin.TaxelCount, XelaSkin.AxisCount];
        return Export(options, shape, shape, shape[..^1]);
    }

    /// <summary>The model for given input and output shapes (the ML.NET columns' dimensions when saving).</summary>
    internal static byte[] Export(XelaValidityOptions options, OnnxDimension[] inputShape, OnnxDimension[] cleanedShape, OnnxDimension[] maskShape)
    {
        if (!(options.ValidMinCounts < options.ValidMaxCounts))
            throw new ArgumentOutOfRangeException(nameof(options),
                $"ValidMinCounts ({options.ValidMinCounts}) must be below ValidMaxCounts ({options.ValidMaxCounts}).");
        var graph = new OnnxGraphBuilder("xela_validity");
        var input = graph.AddInput(options.InputColumnName, OnnxElementType.Float, inputShape);
        // The step needs [..., 368, 3]; a flat ML.NET vector is reshaped in and the results back out.
        bool natural = OnnxShapes.EndsWith(inputShape, XelaSkin.TaxelCount, XelaSkin.AxisCount)
            && OnnxShapes.SameAs(cleanedShape, inputShape) && OnnxShapes.SameAs(maskShape, inputShape[..^1]);
        var magnetic = natural ? input
            : OnnxShapes.Reshape(graph, input, [OnnxDimension.Dynamic("frames"), XelaSkin.TaxelCount, XelaSkin.AxisCount], "magnetic_frames");
        var (cleaned, mask) = AddTo(graph, magnetic, options.ValidMinCounts, options.ValidMaxCounts);
        if (!natural)
        {
            cleaned = OnnxShapes.Reshape(graph, cleaned, cleanedShape, "cleaned_out");
            mask = OnnxShapes.Reshape(graph, mask, maskShape, "mask_out");
        }
        graph.AddOutput(cleaned, OnnxShapes.OutputName(options.OutputColumnName, graph.InputNames), OnnxElementType.Float, cleanedShape);
        graph.AddOutput(mask, OnnxShapes.OutputName(options.ValidityColumnName, graph.InputNames), OnnxElementType.Bool, maskShape);
        return graph.ToModelBytes("Sparsh XelaValidity: zero raw magnetic counts outside the valid range, NaN or infinite; per-taxel validity mask.");
    }
}

using Sparsh.Transforms.Onnx;

namespace Sparsh.Trainers.LinearProbe;

/// <summary>ONNX export of a fitted linear probe for one row: features (any known shape) -> Score = W (x - mean) + b.</summary>
internal static class LinearProbeOnnx
{
    /// <summary>The probe as a row graph: <paramref name="featureColumn"/> with <paramref name="featureShape"/> -> <paramref name="scoreName"/> [outputs].</summary>
    public static byte[] ExportForRow(IReadOnlyList<float> weights, IReadOnlyList<float> featureMean, IReadOnlyList<float> bias, string featureColumn,
        OnnxDimension[] featureShape, string scoreName)
    {
        int outputs = bias.Count, featureCount = featureMean.Count;
        var graph = new OnnxGraphBuilder("linear_probe");
        var features = graph.AddInput(featureColumn, OnnxElementType.Float, featureShape);
        var flat = graph.AddNode("Reshape", [features, graph.AddInt64s("features_shape", featureCount)], "features_flat");
        // MatMul wants [in, out]: the probe's [out, in] weights are stored transposed once.
        var transposed = new float[featureCount * outputs];
        for (int o = 0; o < outputs; o++)
            for (int c = 0; c < featureCount; c++)
                transposed[c * outputs + o] = weights[o * featureCount + c];
        var centred = graph.AddNode("Sub", [flat, graph.AddInitializer("probe_feature_mean", featureMean.ToArray(), featureCount)], "features_centred");
        var product = graph.AddNode("MatMul", [centred, graph.AddInitializer("probe_weight_t", transposed, featureCount, outputs)], "probe_matmul");
        var score = graph.AddNode("Add", [product, graph.AddInitializer("probe_bias", bias.ToArray(), outputs)], "probe_score");
        graph.AddOutput(score, scoreName, OnnxElementType.Float, outputs);
        return graph.ToModelBytes($"Sparsh linear probe: {featureCount} features to {outputs} scores for one row.");
    }
}

using Sparsh.Trainers.Onnx;
using Sparsh.Transforms.Onnx;

namespace Sparsh.Trainers.Layers;

/// <summary>ONNX export of <c>nn.LayerNorm</c> over the last dimension (opset 17 LayerNormalization).</summary>
internal static class LayerNormOnnx
{
    /// <summary>Adds the norm stored under <paramref name="prefix"/> (<c>weight</c> and <c>bias</c> [D]) with <paramref name="epsilon"/>.</summary>
    public static string AddTo(OnnxGraphBuilder graph, string x, ModuleWeights weights, string prefix, double epsilon)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(weights);
        using var scope = graph.Scope(ModuleWeights.ScopeName(prefix, "layer_norm"));
        var gamma = weights.AddInitializer(graph, ModuleWeights.Key(prefix, "weight"));
        var beta = weights.AddInitializer(graph, ModuleWeights.Key(prefix, "bias"));
        // stash_type 1 (float) is the default: statistics in float32, as libtorch computes them for float inputs.
        return graph.AddNode("LayerNormalization", [x, gamma, beta], "out",
            OnnxAttribute.Int("axis", -1), OnnxAttribute.Float("epsilon", (float)epsilon));
    }
}

using Sparsh.Trainers.Onnx;
using Sparsh.Transforms.Onnx;

namespace Sparsh.Trainers.Layers;

/// <summary>ONNX export of <c>nn.Linear</c>: <c>x W^T + b</c> as MatMul with a transposed weight initializer, then Add.</summary>
internal static class LinearOnnx
{
    /// <summary>
    /// Adds the layer stored under <paramref name="prefix"/> (<c>prefix.weight</c> [out, in], optional
    /// <c>prefix.bias</c> [out]) to <paramref name="x"/> [..., in]; returns [..., out].
    /// </summary>
    public static string AddTo(OnnxGraphBuilder graph, string x, ModuleWeights weights, string prefix)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(weights);
        var weightKey = ModuleWeights.Key(prefix, "weight");
        var shape = weights[weightKey].Shape;
        if (shape.Length != 2) throw new ArgumentException($"Linear weight '{weightKey}' has rank {shape.Length}; expected [out, in].", nameof(prefix));
        using var scope = graph.Scope(ModuleWeights.ScopeName(prefix, "linear"));
        // MatMul wants [in, out]; storing the weight transposed once keeps the graph free of a Transpose per call.
        var y = graph.AddNode("MatMul", [x, weights.AddInitializer(graph, weightKey, ParameterLayout.Transposed)], "matmul");
        var biasKey = ModuleWeights.Key(prefix, "bias");
        if (!weights.Contains(biasKey)) return y;
        return graph.AddNode("Add", [y, weights.AddInitializer(graph, biasKey)], "out");
    }
}

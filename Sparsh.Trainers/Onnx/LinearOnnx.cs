using Sparsh.Transforms.Onnx;

namespace Sparsh.Trainers.Onnx;

/// <summary>ONNX export of <c>nn.Linear</c>: <c>x W^T + b</c> as MatMul with a transposed weight initializer, then Add.</summary>
public static class LinearOnnx
{
    /// <summary>
    /// Adds the layer stored under <paramref name="prefix"/> (<c>prefix.weight</c> [out, in], optional
    /// <c>prefix.bias</c> [out]) to <paramref name="x"/> [..., in]; returns [..., out].
    /// </summary>
    public static string AddTo(OnnxGraphBuilder graph, string x, ModuleWeights weights, string prefix)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(weights);
        var (w, shape) = weights[ModuleWeights.Key(prefix, "weight")];
        if (shape.Length != 2) throw new ArgumentException($"Linear weight '{prefix}.weight' has rank {shape.Length}; expected [out, in].", nameof(prefix));
        int outputs = (int)shape[0], inputs = (int)shape[1];
        // MatMul wants [in, out]; transposing once here keeps the graph free of a Transpose per call.
        var transposed = new float[w.Length];
        for (var o = 0; o < outputs; o++)
            for (var i = 0; i < inputs; i++)
                transposed[i * outputs + o] = w[o * inputs + i];
        using var scope = graph.Scope(ModuleWeights.ScopeName(prefix, "linear"));
        var weight = graph.AddInitializer("weight_t", transposed, inputs, outputs);
        var y = graph.AddNode("MatMul", [x, weight], "matmul");
        var biasKey = ModuleWeights.Key(prefix, "bias");
        if (!weights.Contains(biasKey)) return y;
        var bias = graph.AddInitializer("bias", weights[biasKey].Values, outputs);
        return graph.AddNode("Add", [y, bias], "out");
    }
}

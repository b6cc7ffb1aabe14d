using Sparsh.Trainers.Onnx;
using Sparsh.Transforms.Onnx;

namespace Sparsh.Trainers.Layers;

/// <summary>ONNX export of a pre-norm MLP residual: x + Mlp(LayerNorm(x)), with <see cref="Layers.Mlp"/>'s Linear -> GELU -> Linear.</summary>
internal static class MlpOnnx
{
    /// <summary>Adds the residual MLP whose LayerNorm is <paramref name="normKey"/> and whose Mlp is <paramref name="mlpKey"/>.</summary>
    public static string AddResidual(OnnxGraphBuilder graph, string x, ModuleWeights weights, string normKey, string mlpKey, double epsilon)
    {
        var hidden = GeluOnnx.AddTo(graph, LinearOnnx.AddTo(graph, LayerNormOnnx.AddTo(graph, x, weights, normKey, epsilon), weights, ModuleWeights.Key(mlpKey, "fc1")));
        return graph.AddNode("Add", [x, LinearOnnx.AddTo(graph, hidden, weights, ModuleWeights.Key(mlpKey, "fc2"))], "mlp_residual");
    }
}

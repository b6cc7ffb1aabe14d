using Sparsh.Transforms.Onnx;

namespace Sparsh.Trainers.Layers;

/// <summary>
/// ONNX export of <c>nn.functional.gelu</c> in its exact form, <c>0.5 x (1 + erf(x / sqrt 2))</c>: TorchSharp's default
/// (approximate none). Opset 17 has no Gelu operator (it arrives in opset 20), so it is spelt out with Erf.
/// </summary>
internal static class GeluOnnx
{
    /// <summary>Adds GELU applied element-wise to <paramref name="x"/>.</summary>
    public static string AddTo(OnnxGraphBuilder graph, string x)
    {
        ArgumentNullException.ThrowIfNull(graph);
        using var scope = graph.Scope("gelu");
        // libtorch multiplies by M_SQRT1_2 rather than dividing by sqrt(2); the same constant keeps rounding alike.
        var invSqrt2 = graph.AddScalar("inv_sqrt2", (float)(1 / Math.Sqrt(2)));
        var one = graph.AddScalar("one", 1f);
        var half = graph.AddScalar("half", 0.5f);
        var erf = graph.AddNode("Erf", [graph.AddNode("Mul", [x, invSqrt2], "scaled")], "erf");
        var cdf = graph.AddNode("Mul", [graph.AddNode("Add", [erf, one], "one_plus_erf"), half], "cdf");
        return graph.AddNode("Mul", [x, cdf], "out");
    }
}

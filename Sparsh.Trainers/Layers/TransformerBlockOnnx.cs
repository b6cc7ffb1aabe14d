using Sparsh.Trainers.Onnx;
using Sparsh.Transforms.Onnx;

namespace Sparsh.Trainers.Layers;

/// <summary>
/// ONNX export of the encoder's pre-norm transformer block in evaluation mode (drop-path is the identity):
/// <c>x + Attn(LN1(x))</c>, then <c>+ MLP(LN2(x))</c>, attention from one fused qkv Linear.
/// </summary>
internal static class TransformerBlockOnnx
{
    /// <summary>Adds the block stored under <paramref name="prefix"/> to tokens [B, N, D]; <paramref name="keyMask"/> broadcasts to [B, 1, N, N] or is null.</summary>
    public static string AddTo(OnnxGraphBuilder graph, string x, string? keyMask, ModuleWeights weights, string prefix, int heads, double epsilon)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(weights);
        string Key(string name) => ModuleWeights.Key(prefix, name);
        int width = (int)weights[Key("norm1.weight")].Shape[0];
        if (width % heads != 0) throw new ArgumentException($"Token width {width} is not divisible by {heads} heads.", nameof(heads));
        using var scope = graph.Scope(prefix.Replace(".", "", StringComparison.Ordinal));
        var qkv = AttentionOnnx.SplitHeads(graph, LinearOnnx.AddTo(graph, LayerNormOnnx.AddTo(graph, x, weights, Key("norm1"), epsilon), weights, Key("attn.qkv")),
            3, heads, width / heads);
        var attended = AttentionOnnx.MergeHeads(graph, AttentionOnnx.ScaledDotProduct(graph, qkv[0], qkv[1], qkv[2], keyMask, width / heads), width);
        var y = graph.AddNode("Add", [x, LinearOnnx.AddTo(graph, attended, weights, Key("attn.proj"))], "attention_residual");
        return MlpOnnx.AddResidual(graph, y, weights, Key("norm2"), Key("mlp"), epsilon);
    }
}

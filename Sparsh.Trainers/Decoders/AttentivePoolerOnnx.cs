using Sparsh.Trainers.Layers;
using Sparsh.Trainers.Onnx;
using Sparsh.Transforms.Onnx;

namespace Sparsh.Trainers.Decoders;

/// <summary>ONNX export of <see cref="AttentivePooler"/>: a learned query cross-attends over the tokens, then a pre-norm MLP.</summary>
internal static class AttentivePoolerOnnx
{
    /// <summary>
    /// Adds the pooler whose weights are stored under <paramref name="prefix"/> to tokens [B, N, D]; optional
    /// <paramref name="validity"/> [B, N] bool (true = attend). Returns the pooled token [B, D].
    /// </summary>
    public static string AddTo(OnnxGraphBuilder graph, string tokens, string? validity, ModuleWeights weights, string prefix, int heads)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(weights);
        string Key(string name) => ModuleWeights.Key(prefix, name);
        var queryShape = weights[Key("query")].Shape;
        int width = (int)queryShape[^1];
        if (queryShape.Length != 3 || queryShape[0] != 1 || queryShape[1] != 1)
            throw new ArgumentException($"Pooler query '{Key("query")}' has shape [{string.Join(", ", queryShape)}]; expected [1, 1, D].", nameof(prefix));
        if (width % heads != 0) throw new ArgumentException($"Token width {width} is not divisible by {heads} heads.", nameof(heads));
        int headDim = width / heads;

        using var scope = graph.Scope(ModuleWeights.ScopeName(prefix, "pooler"));
        var query = weights.AddInitializer(graph, Key("query"));
        var x = LayerNormOnnx.AddTo(graph, tokens, weights, Key("tokenNorm"), 1e-6);
        // The query is the same for every window: [1, heads, 1, headDim] broadcasts over the batch in MatMul.
        var q = AttentionOnnx.SplitHeads(graph, LinearOnnx.AddTo(graph, query, weights, Key("queryProjection")), 1, heads, headDim)[0];
        var kv = AttentionOnnx.SplitHeads(graph, LinearOnnx.AddTo(graph, x, weights, Key("keyValueProjection")), 2, heads, headDim);
        var mask = validity is null ? null : AttentionOnnx.KeyMask(graph, validity);
        var attended = AttentionOnnx.MergeHeads(graph, AttentionOnnx.ScaledDotProduct(graph, q, kv[0], kv[1], mask, headDim), width);
        var pooled = graph.AddNode("Add", [query, LinearOnnx.AddTo(graph, attended, weights, Key("outputProjection"))], "attention_residual");
        pooled = MlpOnnx.AddResidual(graph, pooled, weights, Key("mlpNorm"), Key("mlp"), 1e-6);
        return graph.AddNode("Squeeze", [pooled, graph.AddInt64s("query_axis", 1)], "pooled");
    }

    /// <summary>
    /// A model of <paramref name="pooler"/> alone: input <c>tokens</c> [batch, tokens, D] float (+ <c>validity</c>
    /// [batch, tokens] bool when <paramref name="withValidity"/>), output <c>pooled</c> [batch, D].
    /// </summary>
    public static byte[] Export(AttentivePooler pooler, int tokens, bool withValidity)
    {
        ArgumentNullException.ThrowIfNull(pooler);
        var weights = new ModuleWeights(pooler, "pooler");
        int width = (int)weights["query"].Shape[^1];
        var graph = new OnnxGraphBuilder("attentive_pooler");
        var batch = OnnxDimension.Dynamic("batch");
        var input = graph.AddInput("tokens", OnnxElementType.Float, batch, tokens, width);
        var validity = withValidity ? graph.AddInput("validity", OnnxElementType.Bool, batch, tokens) : null;
        var pooled = AddTo(graph, input, validity, weights, "", pooler.Heads);
        graph.AddOutput(pooled, "pooled", OnnxElementType.Float, batch, width);
        return graph.ToModelBytes("Sparsh AttentivePooler: one learned query cross-attends over the tokens; pre-norm MLP.");
    }
}

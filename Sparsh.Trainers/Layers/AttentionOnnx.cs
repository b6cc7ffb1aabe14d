using Sparsh.Transforms.Onnx;

namespace Sparsh.Trainers.Layers;

/// <summary>
/// ONNX export of multi-head attention as TorchSharp's <c>scaled_dot_product_attention</c> computes it:
/// <c>softmax(q k^T / sqrt(headDim) where mask else -inf) v</c>, with a boolean mask in which true means "may be attended".
/// </summary>
internal static class AttentionOnnx
{
    /// <summary>
    /// Splits fused projections [B, N, parts * heads * headDim] into <paramref name="parts"/> tensors [B, heads, N, headDim]
    /// (q, k, v for a fused qkv Linear), the view + permute the TorchSharp modules do.
    /// </summary>
    public static IReadOnlyList<string> SplitHeads(OnnxGraphBuilder graph, string x, int parts, int heads, int headDim)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentOutOfRangeException.ThrowIfLessThan(parts, 1);
        // Reshape's 0 copies the input's dimension, so batch and token count may stay dynamic.
        var shape = graph.AddInt64s("heads_shape", 0, 0, parts, heads, headDim);
        var split = graph.AddNode("Reshape", [x, shape], "heads");
        var permuted = graph.AddNode("Transpose", [split], "heads_first", OnnxAttribute.Ints("perm", 2, 0, 3, 1, 4));
        var result = new string[parts];
        for (var p = 0; p < parts; p++)
        {
            var index = graph.AddInitializer("part", [(long)p]);
            result[p] = graph.AddNode("Gather", [permuted, index], "part", OnnxAttribute.Int("axis", 0));
        }
        return result;
    }

    /// <summary>Merges heads [B, heads, N, headDim] back into [B, N, heads * headDim].</summary>
    public static string MergeHeads(OnnxGraphBuilder graph, string x, int width)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var tokensFirst = graph.AddNode("Transpose", [x], "tokens_first", OnnxAttribute.Ints("perm", 0, 2, 1, 3));
        return graph.AddNode("Reshape", [tokensFirst, graph.AddInt64s("merged_shape", 0, 0, width)], "merged");
    }

    /// <summary>A key mask [B, 1, 1, N] from per-token validity [B, N] (bool, true = attend).</summary>
    public static string KeyMask(OnnxGraphBuilder graph, string validity)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return graph.AddNode("Unsqueeze", [validity, graph.AddInt64s("mask_axes", 1, 2)], "key_mask");
    }

    /// <summary>
    /// A causal mask [N, N] bool for tokens <paramref name="x"/> [B, N, D] with N known only at run time: query i may attend
    /// keys 0..i, the lower triangle that <c>scaled_dot_product_attention(..., is_causal: true)</c> uses. It broadcasts over
    /// batch and heads as a key mask of <see cref="ScaledDotProduct"/>; every query keeps at least itself.
    /// </summary>
    public static string CausalMask(OnnxGraphBuilder graph, string x)
    {
        ArgumentNullException.ThrowIfNull(graph);
        using var scope = graph.Scope("causal_mask");
        // Range needs scalars: the token count as a rank-0 tensor (Gather with a scalar index drops the axis).
        var count = graph.AddNode("Gather", [graph.AddNode("Shape", [x], "shape"), graph.AddInitializer("token_axis", [1L])], "count", OnnxAttribute.Int("axis", 0));
        var positions = graph.AddNode("Range", [graph.AddInitializer("start", [0L]), count, graph.AddInitializer("step", [1L])], "positions");
        var queries = graph.AddNode("Unsqueeze", [positions, graph.AddInt64s("query_axis", 1)], "queries");
        var keys = graph.AddNode("Unsqueeze", [positions, graph.AddInt64s("key_axis", 0)], "keys");
        return graph.AddNode("GreaterOrEqual", [queries, keys], "mask");
    }

    /// <summary>
    /// Attention of <paramref name="q"/> [.., Nq, headDim] over <paramref name="k"/>, <paramref name="v"/> [.., Nk, headDim]
    /// (leading dimensions broadcast, as in MatMul), optionally restricted by a bool <paramref name="keyMask"/> that
    /// broadcasts to the scores [.., Nq, Nk]. Returns [.., Nq, headDim].
    /// </summary>
    /// <remarks>
    /// Masked scores become -inf, as libtorch turns a bool mask into an additive one, so masked keys get exactly zero
    /// weight. A query with no key left gets all-zero weights (an output of zeros), as libtorch 2.10 returns.
    /// </remarks>
    public static string ScaledDotProduct(OnnxGraphBuilder graph, string q, string k, string v, string? keyMask, int headDim)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentOutOfRangeException.ThrowIfLessThan(headDim, 1);
        using var scope = graph.Scope("sdpa");
        var keysT = graph.AddNode("Transpose", [k], "k_t", OnnxAttribute.Ints("perm", 0, 1, 3, 2));
        var scores = graph.AddNode("MatMul", [q, keysT], "scores");
        scores = graph.AddNode("Mul", [scores, graph.AddScalar("scale", (float)(1 / Math.Sqrt(headDim)))], "scaled");
        if (keyMask is not null)
            scores = graph.AddNode("Where", [keyMask, scores, graph.AddScalar("masked", float.NegativeInfinity)], "masked_scores");
        var weights = graph.AddNode("Softmax", [scores], "weights", OnnxAttribute.Int("axis", -1));
        if (keyMask is not null)
        {
            // libtorch's safe softmax: a query with every key masked gets zero weights (softmax alone gives NaN).
            var maskValues = graph.AddNode("Cast", [keyMask], "mask_float", OnnxAttribute.CastTo(OnnxElementType.Float));
            var anyKey = graph.AddNode("ReduceMax", [maskValues], "any_key_float", OnnxAttribute.Ints("axes", -1), OnnxAttribute.Int("keepdims", 1));
            var hasKey = graph.AddNode("Cast", [anyKey], "any_key", OnnxAttribute.CastTo(OnnxElementType.Bool));
            weights = graph.AddNode("Where", [hasKey, weights, graph.AddScalar("no_weight", 0f)], "safe_weights");
        }
        return graph.AddNode("MatMul", [weights, v], "out");
    }
}

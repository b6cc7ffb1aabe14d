using Sparsh.Trainers.Layers;
using Sparsh.Trainers.Onnx;
using Sparsh.Transforms.Onnx;

namespace Sparsh.Trainers.Decoders;

/// <summary>ONNX export of <see cref="InstantaneousDecoder"/>: attentive pooler -> LayerNorm -> Linear -> GELU -> Linear -> activations.</summary>
public static class InstantaneousDecoderOnnx
{
    /// <summary>Name of the tokens input of <see cref="Export"/>.</summary>
    public const string TokensInput = "tokens";

    /// <summary>Name of the validity input of <see cref="Export"/>.</summary>
    public const string ValidityInput = "validity";

    /// <summary>Name of the output of <see cref="Export"/>.</summary>
    public const string ScoreOutput = "score";

    /// <summary>
    /// Adds <paramref name="decoder"/> to tokens [B, N, D] (+ optional validity [B, N] bool); returns outputs [B, outputs].
    /// </summary>
    public static string AddTo(OnnxGraphBuilder graph, string tokens, string? validity, InstantaneousDecoder decoder) =>
        AddTo(graph, tokens, validity, new ModuleWeights(decoder, OnnxParameters.DecoderOwner), decoder);

    /// <summary>As <see cref="AddTo(OnnxGraphBuilder, string, string?, InstantaneousDecoder)"/> with weights already read.</summary>
    internal static string AddTo(OnnxGraphBuilder graph, string tokens, string? validity, ModuleWeights weights, InstantaneousDecoder decoder)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(decoder);
        OnnxParameters.WriteConfig(graph, weights.Owner, decoder.Config);
        using var scope = graph.Scope("decoder");
        var pooled = AttentivePoolerOnnx.AddTo(graph, tokens, validity, weights, "pooler", decoder.Pooler.Heads);
        var normed = LayerNormOnnx.AddTo(graph, pooled, weights, "norm", 1e-6);
        var hidden = GeluOnnx.AddTo(graph, LinearOnnx.AddTo(graph, normed, weights, "hidden"));
        for (int layer = 0; layer < decoder.MlpDepth - 1; layer++)
            hidden = GeluOnnx.AddTo(graph, LinearOnnx.AddTo(graph, hidden, weights, $"deeper.{layer}"));
        var raw = LinearOnnx.AddTo(graph, hidden, weights, "head");
        var activated = DecoderHeadsOnnx.AddTo(graph, raw, decoder.Activations);
        // Multiplied even when every scale is 1 (x * 1 is exact): the initializer carries the buffer back to the import.
        return graph.AddNode("Mul", [activated, weights.AddInitializer(graph, "output_scale")], "scaled");
    }

    /// <summary>
    /// A model of <paramref name="decoder"/>: input <c>tokens</c> [batch, <paramref name="tokens"/>, D] float (+
    /// <c>validity</c> [batch, tokens] bool when <paramref name="withValidity"/>), output <c>score</c> [batch, outputs].
    /// </summary>
    public static byte[] Export(InstantaneousDecoder decoder, int tokens, bool withValidity)
    {
        ArgumentNullException.ThrowIfNull(decoder);
        var batch = OnnxDimension.Dynamic("batch");
        var weights = new ModuleWeights(decoder, OnnxParameters.DecoderOwner);
        int width = (int)weights["pooler.query"].Shape[^1];
        var graph = new OnnxGraphBuilder("instantaneous_decoder");
        var input = graph.AddInput(TokensInput, OnnxElementType.Float, batch, tokens, width);
        var validity = withValidity ? graph.AddInput(ValidityInput, OnnxElementType.Bool, batch, tokens) : null;
        var score = AddTo(graph, input, validity, weights, decoder);
        graph.AddOutput(score, ScoreOutput, OnnxElementType.Float, batch, decoder.Activations.Count);
        return graph.ToModelBytes("Sparsh InstantaneousDecoder: attentive pooler, LayerNorm, MLP head, per-output activations.");
    }

    /// <summary>
    /// The model one ML.NET row scores through: input <paramref name="tokensColumn"/> with the column's dimensions
    /// [tokens, D] (+ <paramref name="validityColumn"/> [tokens] bool), output <paramref name="scoreName"/> [outputs].
    /// ML.NET's OnnxTransformer feeds one row per call, so the graph adds and removes the batch axis itself.
    /// </summary>
    internal static byte[] ExportForRow(InstantaneousDecoder decoder, string tokensColumn, int tokens, int width, string? validityColumn, string scoreName)
    {
        var weights = new ModuleWeights(decoder, OnnxParameters.DecoderOwner);
        var graph = new OnnxGraphBuilder("attentive_pooler_regressor");
        var input = graph.AddInput(tokensColumn, OnnxElementType.Float, tokens, width);
        var batchAxis = graph.AddInt64s("batch_axis", 0);
        var batched = graph.AddNode("Unsqueeze", [input, batchAxis], "tokens_batch");
        string? validity = null;
        if (validityColumn is not null)
            validity = graph.AddNode("Unsqueeze", [graph.AddInput(validityColumn, OnnxElementType.Bool, tokens), batchAxis], "validity_batch");
        var score = graph.AddNode("Squeeze", [AddTo(graph, batched, validity, weights, decoder), batchAxis], "score_row");
        graph.AddOutput(score, scoreName, OnnxElementType.Float, decoder.Activations.Count);
        return graph.ToModelBytes("Sparsh AttentivePoolerRegressor: encoder tokens [tokens, D] to scores [outputs] for one row.");
    }
}

using Sparsh.Trainers.Layers;
using Sparsh.Trainers.Onnx;
using Sparsh.Transforms.Onnx;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Decoders;

/// <summary>
/// ONNX export of <see cref="TemporalDecoder"/> over whole sequences: tokens [B, L, N, D] -> each window pooled
/// (<see cref="AttentivePoolerOnnx"/>) -> + sinusoidal time embedding -> causal transformer block
/// (<see cref="TransformerBlockOnnx"/> with <see cref="AttentionOnnx.CausalMask"/>) -> LayerNorm -> Linear -> GELU ->
/// Linear -> activations -> per-output scale: [B, L, outputs]. A standalone model, not a row-to-row zip step: step t's
/// output depends on the windows before it, which an ML.NET row (one window) does not carry.
/// </summary>
public static class TemporalDecoderOnnx
{
    /// <summary>Name of the tokens input of <see cref="Export"/>.</summary>
    public const string TokensInput = "tokens";

    /// <summary>Name of the validity input of <see cref="Export"/>.</summary>
    public const string ValidityInput = "validity";

    /// <summary>Name of the output of <see cref="Export"/>.</summary>
    public const string ScoreOutput = "score";

    /// <summary>
    /// Adds <paramref name="decoder"/> to sequences of window tokens [B, L, N, D] (+ optional validity [B, L, N] bool, true =
    /// attend); returns [B, L, outputs]. L is read at run time and may be at most <paramref name="maxSteps"/>, the length of
    /// the time-embedding table stored in the graph.
    /// </summary>
    public static string AddTo(OnnxGraphBuilder graph, string tokens, string? validity, TemporalDecoder decoder, int maxSteps)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(decoder);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSteps, 1);
        var weights = new ModuleWeights(decoder, OnnxParameters.TemporalDecoderOwner);
        var config = decoder.Config;
        int d = config.TokenWidth;
        OnnxParameters.WriteConfig(graph, weights.Owner, config);
        using var scope = graph.Scope("temporal_decoder");

        // Every window of every sequence pooled at once, as the module does: [B, L, N, D] -> [B * L, N, D] -> [B * L, D].
        var shape = graph.AddNode("Shape", [tokens], "tokens_shape");
        string Dims(int start, int end, string hint) =>
            graph.AddNode("Slice", [shape, graph.AddInt64s($"{hint}_start", start), graph.AddInt64s($"{hint}_end", end)], hint);
        var minusOne = graph.AddInt64s("flat_windows", -1);
        var flat = graph.AddNode("Reshape", [tokens, graph.AddNode("Concat", [minusOne, Dims(2, 4, "window_dims")], "flat_shape", OnnxAttribute.Int("axis", 0))], "windows");
        string? flatValidity = validity is null ? null
            : graph.AddNode("Reshape", [validity, graph.AddNode("Concat", [minusOne, Dims(2, 3, "token_dim")], "flat_validity_shape", OnnxAttribute.Int("axis", 0))], "window_validity");
        var pooled = AttentivePoolerOnnx.AddTo(graph, flat, flatValidity, weights, "pooler", config.Heads);
        var batchAndSteps = Dims(0, 2, "batch_and_steps");
        var sequence = graph.AddNode("Reshape", [pooled, graph.AddNode("Concat", [batchAndSteps, graph.AddInt64s("width", d)], "sequence_shape", OnnxAttribute.Int("axis", 0))], "sequence");

        // The module's own table (computed in double, rounded once to float), cut to the sequence's length.
        float[] table;
        using (var embedding = SinusoidalTimeEmbedding.Create(maxSteps, d)) table = embedding.data<float>().ToArray();
        var time = graph.AddNode("Slice", [graph.AddInitializer("time_embedding", table, maxSteps, d), graph.AddInt64s("time_start", 0), Dims(1, 2, "steps"),
            graph.AddInt64s("time_axis", 0)], "time");
        var x = graph.AddNode("Add", [sequence, time], "with_time");

        x = TransformerBlockOnnx.AddTo(graph, x, AttentionOnnx.CausalMask(graph, x), weights, "block", config.Heads, 1e-6);
        var hidden = GeluOnnx.AddTo(graph, LinearOnnx.AddTo(graph, LayerNormOnnx.AddTo(graph, x, weights, "norm", 1e-6), weights, "hidden"));
        var activated = DecoderHeadsOnnx.AddTo(graph, LinearOnnx.AddTo(graph, hidden, weights, "head"), config.Activations);
        // Multiplied even when every scale is 1 (x * 1 is exact): the initializer carries the buffer back to the import.
        return graph.AddNode("Mul", [activated, weights.AddInitializer(graph, "output_scale")], "scaled");
    }

    /// <summary>
    /// A model of <paramref name="decoder"/>: input <c>tokens</c> [batch, steps, <paramref name="tokens"/>, D] float (+
    /// <c>validity</c> [batch, steps, tokens] bool when <paramref name="withValidity"/>), output <c>score</c> [batch, steps,
    /// outputs]; batch and steps are dynamic, steps at most <paramref name="maxSteps"/> (e.g. the training sequence length).
    /// </summary>
    public static byte[] Export(TemporalDecoder decoder, int tokens, int maxSteps, bool withValidity)
    {
        ArgumentNullException.ThrowIfNull(decoder);
        var config = decoder.Config;
        var batch = OnnxDimension.Dynamic("batch");
        var steps = OnnxDimension.Dynamic("steps");
        var graph = new OnnxGraphBuilder("temporal_decoder");
        var input = graph.AddInput(TokensInput, OnnxElementType.Float, batch, steps, tokens, config.TokenWidth);
        var validity = withValidity ? graph.AddInput(ValidityInput, OnnxElementType.Bool, batch, steps, tokens) : null;
        var score = AddTo(graph, input, validity, decoder, maxSteps);
        graph.AddOutput(score, ScoreOutput, OnnxElementType.Float, batch, steps, config.Activations.Length);
        return graph.ToModelBytes($"Sparsh TemporalDecoder: sequences of up to {maxSteps} windows of tokens to one estimate per window " +
            "(attentive pooling per window, sinusoidal time embedding, causal transformer block, MLP head).");
    }
}

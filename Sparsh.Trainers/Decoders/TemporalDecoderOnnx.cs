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
        var (weights, config) = Weights(graph, decoder);
        int d = config.TokenWidth;
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

        // The module's own table cut to the sequence's length.
        var time = graph.AddNode("Slice", [TimeEmbedding(graph, maxSteps, d), graph.AddInt64s("time_start", 0), Dims(1, 2, "steps"),
            graph.AddInt64s("time_axis", 0)], "time");
        return AddSequenceHead(graph, graph.AddNode("Add", [sequence, time], "with_time"), weights, config);
    }

    /// <summary>
    /// Adds one step of <paramref name="decoder"/> over a stream whose earlier windows are already pooled: the tokens of the
    /// new window [1, N, D] (+ optional validity [1, N] bool) are pooled to its summary, which goes at position
    /// <paramref name="pastCount"/> (int64 [1], clamped to 0..windows - 1) after the first <paramref name="pastCount"/> rows
    /// of <paramref name="pastSummaries"/> [windows - 1, D] (oldest first); the causal block then runs over the
    /// <paramref name="windows"/> positions. Positions after the new window hold copies of its summary, which no estimate up
    /// to it reads. Returns the new window's summary [1, D] (what the next step's <paramref name="pastSummaries"/> keeps) and
    /// the estimate after it [outputs]. The summary is the pooled
    /// token <see cref="AddTo"/> computes for the same window, so a stream scored step by step equals the whole sequence.
    /// </summary>
    public static (string Summary, string Score) AddStreamStep(OnnxGraphBuilder graph, string windowTokens, string? validity,
        string pastSummaries, string pastCount, TemporalDecoder decoder, int windows)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(decoder);
        ArgumentOutOfRangeException.ThrowIfLessThan(windows, 2);
        var (weights, config) = Weights(graph, decoder);
        int d = config.TokenWidth;
        using var scope = graph.Scope("temporal_decoder");

        var summary = AttentivePoolerOnnx.AddTo(graph, windowTokens, validity, weights, "pooler", config.Heads);
        var count = graph.AddNode("Clip", [pastCount, graph.AddInitializer("first_position", [0L]), graph.AddInitializer("last_position", [windows - 1L])], "past_count");
        var count0d = graph.AddNode("Squeeze", [count], "new_position");
        var positions = graph.AddInitializer("positions", Enumerable.Range(0, windows).Select(i => (long)i).ToArray(), windows, 1);
        var isNewOrLater = graph.AddNode("GreaterOrEqual", [positions, count], "new_or_later");
        var past = graph.AddNode("Concat", [pastSummaries, summary], "past_and_new", OnnxAttribute.Int("axis", 0));
        var sequence = graph.AddNode("Where", [isNewOrLater, summary, past], "sequence");
        var x = graph.AddNode("Add", [sequence, TimeEmbedding(graph, windows, d)], "with_time");
        var steps = AddSequenceHead(graph, graph.AddNode("Unsqueeze", [x, graph.AddInt64s("batch_axis", 0)], "one_sequence"), weights, config);
        var score = graph.AddNode("Gather", [steps, count0d], "current_step", OnnxAttribute.Int("axis", 1));
        return (summary, graph.AddNode("Squeeze", [score, graph.AddInt64s("squeeze_batch", 0)], "current_score"));
    }

    // The decoder's weights, with its architecture written into the graph (the import rebuilds the module from it).
    private static (ModuleWeights Weights, TemporalDecoderConfig Config) Weights(OnnxGraphBuilder graph, TemporalDecoder decoder)
    {
        var weights = new ModuleWeights(decoder, OnnxParameters.TemporalDecoderOwner);
        var config = decoder.Config;
        OnnxParameters.WriteConfig(graph, weights.Owner, config);
        return (weights, config);
    }

    // The module's own table (computed in double, rounded once to float): [steps, D].
    private static string TimeEmbedding(OnnxGraphBuilder graph, int steps, int width)
    {
        using var embedding = SinusoidalTimeEmbedding.Create(steps, width);
        return graph.AddInitializer("time_embedding", embedding.data<float>().ToArray(), steps, width);
    }

    // Pooled windows with their time embedding [B, L, D] -> causal block -> LayerNorm -> Linear -> GELU -> Linear ->
    // activations -> per-output scale: [B, L, outputs].
    private static string AddSequenceHead(OnnxGraphBuilder graph, string x, ModuleWeights weights, TemporalDecoderConfig config)
    {
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

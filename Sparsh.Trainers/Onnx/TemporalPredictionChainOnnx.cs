using Sparsh.Trainers.Decoders;
using Sparsh.Trainers.Encoder;
using Sparsh.Transforms.Kinematics;
using Sparsh.Transforms.Normalization;
using Sparsh.Transforms.Onnx;
using Sparsh.Transforms.Validity;
using Sparsh.Transforms.Xela;

namespace Sparsh.Trainers.Onnx;

/// <summary>
/// The whole temporal prediction path as one ONNX graph for one ML.NET row holding the last N raw windows of a stream:
/// counts [N, F, 368, 3] + joint angles [N, F, 16] -> validity -> kinematic positions -> normalisation -> encoder (each
/// window) -> temporal decoder (the N windows as one sequence, oldest first) -> the estimate at every step [N, outputs]
/// and at the last one [outputs]. Step k depends on windows 0..k only (the decoder is causal), so a row whose first
/// k + 1 windows are real and whose later ones are padding still scores those k + 1 windows exactly: step k's
/// estimate is that of a sequence of k + 1 windows.
/// </summary>
public static class TemporalPredictionChainOnnx
{
    /// <summary>Output with every step's estimate [N, outputs] (row k: the estimate after windows 0..k).</summary>
    public const string StepScoresOutput = "StepScores";

    /// <summary>Stream form: input with the pooled summaries of the earlier windows [windows - 1, D], oldest first.</summary>
    public const string PastSummariesInput = "PastWindowSummaries";

    /// <summary>Stream form: input with how many rows of <see cref="PastSummariesInput"/> are real [1] (int64).</summary>
    public const string PastCountInput = "PastWindowCount";

    /// <summary>Stream form: output with the new window's pooled summary [D], to keep for the next windows.</summary>
    public const string SummaryOutput = "WindowSummary";

    /// <summary>
    /// A FineTune or EndToEnd temporal decoder (it carries its own encoder) after the data steps, for rows of
    /// <paramref name="windows"/> windows. Invalid taxels are hidden from the encoder and the decoder's pooler when the
    /// decoder reads the validity step's column, as in memory.
    /// </summary>
    /// <exception cref="ArgumentException">The decoder is Frozen (pass its encoder with the other overload).</exception>
    public static (byte[] Model, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs) Export(XelaValidityTransformer validity, KinematicPositionsTransformer kinematics, XelaNormalizationTransformer normalization,
        TemporalDecoderRegressorTransformer decoder, int windows)
    {
        var (encoder, mask, decoderSeesValidity) = Resolve(validity, decoder);
        return Export(validity, kinematics, normalization, encoder, decoder.Decoder, mask, decoderSeesValidity, windows, decoder.Options.ScoreColumnName);
    }

    /// <summary>
    /// A Frozen temporal decoder after the data steps and <paramref name="encoder"/>, for rows of <paramref name="windows"/>
    /// windows. Invalid taxels are hidden from the encoder when the encoder reads the validity step's column, as in memory;
    /// the decoder reads all tokens, as in memory.
    /// </summary>
    /// <exception cref="ArgumentException">The decoder has an encoder of its own (use the other overload) or another token width.</exception>
    public static (byte[] Model, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs) Export(XelaValidityTransformer validity, KinematicPositionsTransformer kinematics, XelaNormalizationTransformer normalization,
        SparshSkinEncoderTransformer encoder, TemporalDecoderRegressorTransformer decoder, int windows)
    {
        bool mask = Resolve(validity, encoder, decoder);
        return Export(validity, kinematics, normalization, encoder.Encoder, decoder.Decoder, mask, decoderSeesValidity: false, windows, decoder.Options.ScoreColumnName);
    }

    /// <summary>
    /// The chain from modules. <paramref name="maskInvalidTaxels"/>: taxels invalid in any frame of a window are hidden from
    /// the encoder's attention; <paramref name="decoderSeesValidity"/>: and from the decoder's pooler (the global token stays
    /// visible), as <see cref="EncoderTemporalDecoderModel"/> does. Inputs are named as the data steps' input columns
    /// (<c>Magnetic</c> [windows, F, 368, 3] raw counts, <c>JointAngles</c> [windows, F, 16] radians); outputs
    /// <paramref name="scoreColumn"/> [outputs] (the last step), <see cref="StepScoresOutput"/> [windows, outputs] and the
    /// validity step's mask [windows, F, 368]. A window the encoder cannot read (a non-finite joint angle or, when masking, no
    /// valid taxel) makes every output NaN: the decoder's attention mixes all steps, and nothing unreadable may pass as a
    /// confident estimate. Returns the model and its input and output names, for ML.NET's OnnxTransformer.
    /// </summary>
    public static (byte[] Model, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs) Export(XelaValidityTransformer validity, KinematicPositionsTransformer kinematics, XelaNormalizationTransformer normalization,
        SparshSkinEncoder encoder, TemporalDecoder decoder, bool maskInvalidTaxels, bool decoderSeesValidity, int windows, string scoreColumn = XelaColumnNames.Score)
    {
        var graph = new OnnxGraphBuilder("sparsh_temporal_prediction_chain");
        var (magnetic, angles) = AddRawInputs(graph, validity, kinematics, normalization, encoder, decoder, maskInvalidTaxels, decoderSeesValidity, scoreColumn, windows);
        var (tokens, frameValidity, tokenValidity) = AddWindowTokens(graph, magnetic, angles, validity, kinematics, normalization, encoder, maskInvalidTaxels, decoderSeesValidity, windows);

        // One sequence of N windows: [N, 1 + T, D] -> [1, N, 1 + T, D]; the decoder's keys are [global token, taxels].
        var sequenceAxis = graph.AddInt64s("sequence_axis", 0);
        var sequence = graph.AddNode("Unsqueeze", [tokens, sequenceAxis], "sequence_tokens");
        var sequenceValidity = tokenValidity is null ? null : graph.AddNode("Unsqueeze", [tokenValidity, sequenceAxis], "sequence_token_valid");
        var steps = TemporalDecoderOnnx.AddTo(graph, sequence, sequenceValidity, decoder, maxSteps: windows);
        var stepScores = graph.AddNode("Squeeze", [steps, sequenceAxis], "step_scores");
        // The current estimate: the last step (a scalar index, so Gather drops the step axis).
        var last = graph.AddNode("Gather", [stepScores, graph.AddInitializer("last_step", [windows - 1L])], "current_score", OnnxAttribute.Int("axis", 0));

        var inputs = graph.InputNames;
        int frames = encoder.Config.FrameCount, outputs = decoder.Activations.Count;
        graph.AddOutput(last, OnnxModelSaving.OutputName(scoreColumn, inputs), OnnxElementType.Float, outputs);
        graph.AddOutput(stepScores, OnnxModelSaving.OutputName(StepScoresOutput, inputs), OnnxElementType.Float, windows, outputs);
        graph.AddOutput(frameValidity, OnnxModelSaving.OutputName(validity.Options.ValidityColumnName, inputs), OnnxElementType.Bool, windows, frames, XelaSkin.TaxelCount);
        return (graph.ToModelBytes($"Sparsh temporal prediction chain: the last {windows} raw windows (XELA counts and joint angles, oldest first) to the " +
            $"current estimate and every step's (validity, kinematics, normalisation, encoder dim {encoder.Config.EmbeddingDim} depth {encoder.Config.Depth}, causal temporal decoder)."),
            inputs, graph.OutputNames);
    }

    /// <summary>
    /// The stream form of a FineTune or EndToEnd temporal decoder's chain (see the module overload): one raw window per row
    /// plus the summaries of up to <paramref name="windows"/> - 1 windows before it.
    /// </summary>
    /// <exception cref="ArgumentException">The decoder is Frozen (pass its encoder with the other overload).</exception>
    public static (byte[] Model, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs) ExportStream(XelaValidityTransformer validity, KinematicPositionsTransformer kinematics, XelaNormalizationTransformer normalization,
        TemporalDecoderRegressorTransformer decoder, int windows)
    {
        var (encoder, mask, decoderSeesValidity) = Resolve(validity, decoder);
        return ExportStream(validity, kinematics, normalization, encoder, decoder.Decoder, mask, decoderSeesValidity, windows, decoder.Options.ScoreColumnName);
    }

    /// <summary>The stream form of a Frozen temporal decoder's chain after <paramref name="encoder"/> (see the module overload).</summary>
    /// <exception cref="ArgumentException">The decoder has an encoder of its own (use the other overload) or another token width.</exception>
    public static (byte[] Model, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs) ExportStream(XelaValidityTransformer validity, KinematicPositionsTransformer kinematics, XelaNormalizationTransformer normalization,
        SparshSkinEncoderTransformer encoder, TemporalDecoderRegressorTransformer decoder, int windows)
    {
        bool mask = Resolve(validity, encoder, decoder);
        return ExportStream(validity, kinematics, normalization, encoder.Encoder, decoder.Decoder, mask, decoderSeesValidity: false, windows, decoder.Options.ScoreColumnName);
    }

    /// <summary>
    /// The temporal prediction path as a graph whose row is one raw window of a stream and the state the app carries from
    /// the windows before it, so a live app encodes each window once (the <see cref="Export(XelaValidityTransformer, KinematicPositionsTransformer, XelaNormalizationTransformer, SparshSkinEncoder, TemporalDecoder, bool, bool, int, string)"/>
    /// form re-encodes all N every call). Inputs: <c>Magnetic</c> [F, 368, 3] raw counts and <c>JointAngles</c> [F, 16] radians
    /// of the new window, <see cref="PastSummariesInput"/> [windows - 1, D] (the <see cref="SummaryOutput"/> of earlier
    /// windows, oldest first; rows after the first <see cref="PastCountInput"/> are ignored) and <see cref="PastCountInput"/>
    /// [1] int64 (how many of them are real, 0 to windows - 1). Outputs: <paramref name="scoreColumn"/> [outputs], the estimate
    /// after the new window; <see cref="SummaryOutput"/> [D], the new window's pooled summary to append to the state (dropping
    /// the oldest once it holds windows - 1); the validity step's mask [F, 368]. The estimate equals step k of the
    /// <paramref name="windows"/>-window graph over the same k + 1 windows. An unreadable window makes every output NaN.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="windows"/> is below 2 (one window needs no state: use the row form).</exception>
    public static (byte[] Model, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs) ExportStream(XelaValidityTransformer validity, KinematicPositionsTransformer kinematics, XelaNormalizationTransformer normalization,
        SparshSkinEncoder encoder, TemporalDecoder decoder, bool maskInvalidTaxels, bool decoderSeesValidity, int windows, string scoreColumn = XelaColumnNames.Score)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windows, 2);
        var graph = new OnnxGraphBuilder("sparsh_temporal_stream_step");
        var (magnetic, angles) = AddRawInputs(graph, validity, kinematics, normalization, encoder, decoder, maskInvalidTaxels, decoderSeesValidity, scoreColumn, windows: null);
        int d = encoder.Config.EmbeddingDim, frames = encoder.Config.FrameCount, outputs = decoder.Activations.Count;
        var pastSummaries = graph.AddInput(PastSummariesInput, OnnxElementType.Float, windows - 1, d);
        var pastCount = graph.AddInput(PastCountInput, OnnxElementType.Int64, 1);

        // The window as a batch of one: the data steps and the encoder are the row form's.
        var windowAxis = graph.AddInt64s("window_axis", 0);
        var (tokens, frameValidity, tokenValidity) = AddWindowTokens(graph, graph.AddNode("Unsqueeze", [magnetic, windowAxis], "magnetic_batch"),
            graph.AddNode("Unsqueeze", [angles, windowAxis], "angles_batch"), validity, kinematics, normalization, encoder, maskInvalidTaxels, decoderSeesValidity, windows: 1);
        var (summary, score) = TemporalDecoderOnnx.AddStreamStep(graph, tokens, tokenValidity, pastSummaries, pastCount, decoder, windows);

        var inputs = graph.InputNames;
        graph.AddOutput(score, OnnxModelSaving.OutputName(scoreColumn, inputs), OnnxElementType.Float, outputs);
        graph.AddOutput(graph.AddNode("Squeeze", [summary, windowAxis], "summary"), OnnxModelSaving.OutputName(SummaryOutput, inputs), OnnxElementType.Float, d);
        graph.AddOutput(graph.AddNode("Squeeze", [frameValidity, windowAxis], "window_validity"), OnnxModelSaving.OutputName(validity.Options.ValidityColumnName, inputs),
            OnnxElementType.Bool, frames, XelaSkin.TaxelCount);
        return (graph.ToModelBytes($"Sparsh temporal stream step: one raw window (XELA counts and joint angles) and the pooled summaries of up to {windows - 1} " +
            $"earlier windows to the current estimate and the window's summary (validity, kinematics, normalisation, encoder dim {d} depth {encoder.Config.Depth}, " +
            "causal temporal decoder)."), inputs, graph.OutputNames);
    }

    // Checks the modules against the data steps and each other, and adds the raw inputs: counts [(windows,) F, 368, 3] and
    // joint angles [(windows,) F, 16], with a leading window axis when windows is given.
    private static (string Magnetic, string Angles) AddRawInputs(OnnxGraphBuilder graph, XelaValidityTransformer validity, KinematicPositionsTransformer kinematics,
        XelaNormalizationTransformer normalization, SparshSkinEncoder encoder, TemporalDecoder decoder, bool maskInvalidTaxels, bool decoderSeesValidity, string scoreColumn, int? windows)
    {
        ArgumentNullException.ThrowIfNull(validity);
        ArgumentNullException.ThrowIfNull(kinematics);
        ArgumentNullException.ThrowIfNull(normalization);
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(decoder);
        ArgumentException.ThrowIfNullOrWhiteSpace(scoreColumn);
        if (windows is { } count) ArgumentOutOfRangeException.ThrowIfLessThan(count, 1, nameof(windows));
        if (decoderSeesValidity && !maskInvalidTaxels)
            throw new ArgumentException("The decoder can only see taxel validity when the encoder is masked with it.", nameof(decoderSeesValidity));
        var config = encoder.Config;
        var hand = kinematics.Options.Hand;
        if (config.MagneticChannels != XelaSkin.AxisCount || config.PositionChannels != XelaSkin.AxisCount)
            throw new ArgumentException($"The encoder takes {config.MagneticChannels} flux and {config.PositionChannels} position channels; the data steps give {XelaSkin.AxisCount} of each.", nameof(encoder));
        if (config.TaxelCount != hand.TaxelCount || hand.TaxelCount != XelaSkin.TaxelCount)
            throw new ArgumentException($"The encoder has {config.TaxelCount} taxels, the hand {hand.TaxelCount} and the skin {XelaSkin.TaxelCount}.", nameof(encoder));
        if (decoder.Width != config.EmbeddingDim)
            throw new ArgumentException($"The decoder reads tokens of width {decoder.Width}; the encoder writes {config.EmbeddingDim}.", nameof(decoder));
        OnnxDimension[] leading = windows is { } w ? [w] : [];
        var magnetic = graph.AddInput(validity.Options.InputColumnName, OnnxElementType.Float, [.. leading, config.FrameCount, XelaSkin.TaxelCount, XelaSkin.AxisCount]);
        var angles = graph.AddInput(kinematics.Options.InputColumnName, OnnxElementType.Float, [.. leading, config.FrameCount, hand.JointCount]);
        return (magnetic, angles);
    }

    // Raw windows [W, F, 368, 3] + angles [W, F, 16] -> validity -> kinematic positions -> normalisation -> encoder: tokens
    // [W, 1 + T, D] (NaN where a window is unreadable), the frame validity [W, F, 368], and the decoder's token validity
    // [W, 1 + T] (the global token always valid) when it sees validity. The data steps and the encoder work on any leading
    // dimensions: the windows are the encoder's batch.
    private static (string Tokens, string FrameValidity, string? TokenValidity) AddWindowTokens(OnnxGraphBuilder graph, string magnetic, string angles,
        XelaValidityTransformer validity, KinematicPositionsTransformer kinematics, XelaNormalizationTransformer normalization, SparshSkinEncoder encoder,
        bool maskInvalidTaxels, bool decoderSeesValidity, int windows)
    {
        var validityOptions = validity.Options;
        var (cleaned, frameValidity) = XelaValidityOnnx.AddTo(graph, magnetic, validityOptions.ValidMinCounts, validityOptions.ValidMaxCounts);
        var positions = KinematicPositionsOnnx.AddTo(graph, angles, kinematics.Options.Hand);
        var flux = XelaNormalizationOnnx.AddTo(graph, cleaned, normalization.Baseline, normalization.Statistics);
        var encoderInput = graph.AddNode("Concat", [flux, positions], "encoder_input", OnnxAttribute.Int("axis", -1));
        var taxelValidity = maskInvalidTaxels ? SparshSkinEncoderOnnx.TaxelValidity(graph, frameValidity) : null;
        var tokens = SparshSkinEncoderOnnx.NaNWhereUnreadable(graph, encoderInput, taxelValidity, SparshSkinEncoderOnnx.AddTo(graph, encoderInput, taxelValidity, encoder));
        if (!decoderSeesValidity) return (tokens, frameValidity, null);
        var global = graph.AddNode("Cast", [graph.AddInitializer("global_valid", Enumerable.Repeat(1L, windows).ToArray(), windows, 1)], "global_valid",
            OnnxAttribute.CastTo(OnnxElementType.Bool));
        return (tokens, frameValidity, graph.AddNode("Concat", [global, taxelValidity!], "token_valid", OnnxAttribute.Int("axis", 1)));
    }

    // FineTune / EndToEnd: the decoder's own encoder, and whether invalid taxels are hidden from it and from the decoder's pooler.
    private static (SparshSkinEncoder Encoder, bool Mask, bool DecoderSeesValidity) Resolve(XelaValidityTransformer validity, TemporalDecoderRegressorTransformer decoder)
    {
        ArgumentNullException.ThrowIfNull(validity);
        ArgumentNullException.ThrowIfNull(decoder);
        var encoder = decoder.Encoder ?? throw new ArgumentException(
            "A Frozen temporal decoder reads the tokens of a separate encoder: pass that SparshSkinEncoderTransformer too.", nameof(decoder));
        bool mask = ReadsValidityOf(decoder.Options.EncoderColumns.ValidityColumnName, validity);
        return (encoder, mask, mask);
    }

    // Frozen: whether invalid taxels are hidden from the encoder (the decoder reads all tokens, as in memory).
    private static bool Resolve(XelaValidityTransformer validity, SparshSkinEncoderTransformer encoder, TemporalDecoderRegressorTransformer decoder)
    {
        ArgumentNullException.ThrowIfNull(validity);
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(decoder);
        if (decoder.Encoder is not null)
            throw new ArgumentException($"The {decoder.Mode} temporal decoder carries its own encoder; export it without a separate one.", nameof(decoder));
        if (decoder.Decoder.Width != encoder.Config.EmbeddingDim)
            throw new ArgumentException($"The decoder reads tokens of width {decoder.Decoder.Width}; the encoder writes {encoder.Config.EmbeddingDim}.", nameof(decoder));
        return ReadsValidityOf(encoder.Columns.ValidityColumnName, validity);
    }

    private static bool ReadsValidityOf(string? column, XelaValidityTransformer validity)
        => !string.IsNullOrEmpty(column) && column == validity.Options.ValidityColumnName;
}

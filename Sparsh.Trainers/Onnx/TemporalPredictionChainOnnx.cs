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

    /// <summary>
    /// A FineTune or EndToEnd temporal decoder (it carries its own encoder) after the data steps, for rows of
    /// <paramref name="windows"/> windows. Invalid taxels are hidden from the encoder and the decoder's pooler when the
    /// decoder reads the validity step's column, as in memory.
    /// </summary>
    /// <exception cref="ArgumentException">The decoder is Frozen (pass its encoder with the other overload).</exception>
    public static (byte[] Model, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs) Export(XelaValidityTransformer validity, KinematicPositionsTransformer kinematics, XelaNormalizationTransformer normalization,
        TemporalDecoderRegressorTransformer decoder, int windows)
    {
        ArgumentNullException.ThrowIfNull(validity);
        ArgumentNullException.ThrowIfNull(decoder);
        var encoder = decoder.Encoder ?? throw new ArgumentException(
            "A Frozen temporal decoder reads the tokens of a separate encoder: pass that SparshSkinEncoderTransformer too.", nameof(decoder));
        bool mask = ReadsValidityOf(decoder.Options.EncoderColumns.ValidityColumnName, validity);
        return Export(validity, kinematics, normalization, encoder, decoder.Decoder, mask, decoderSeesValidity: mask, windows, decoder.Options.ScoreColumnName);
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
        ArgumentNullException.ThrowIfNull(validity);
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(decoder);
        if (decoder.Encoder is not null)
            throw new ArgumentException($"The {decoder.Mode} temporal decoder carries its own encoder; export it without a separate one.", nameof(decoder));
        if (decoder.Decoder.Width != encoder.Config.EmbeddingDim)
            throw new ArgumentException($"The decoder reads tokens of width {decoder.Decoder.Width}; the encoder writes {encoder.Config.EmbeddingDim}.", nameof(decoder));
        bool mask = ReadsValidityOf(encoder.Columns.ValidityColumnName, validity);
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
        ArgumentNullException.ThrowIfNull(validity);
        ArgumentNullException.ThrowIfNull(kinematics);
        ArgumentNullException.ThrowIfNull(normalization);
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(decoder);
        ArgumentException.ThrowIfNullOrWhiteSpace(scoreColumn);
        ArgumentOutOfRangeException.ThrowIfLessThan(windows, 1);
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
        int frames = config.FrameCount, outputs = decoder.Activations.Count;

        var graph = new OnnxGraphBuilder("sparsh_temporal_prediction_chain");
        var validityOptions = validity.Options;
        var magnetic = graph.AddInput(validityOptions.InputColumnName, OnnxElementType.Float, windows, frames, XelaSkin.TaxelCount, XelaSkin.AxisCount);
        var angles = graph.AddInput(kinematics.Options.InputColumnName, OnnxElementType.Float, windows, frames, hand.JointCount);

        // The data steps and the encoder work on any leading dimensions: the N windows of the row are the encoder's batch.
        var (cleaned, frameValidity) = XelaValidityOnnx.AddTo(graph, magnetic, validityOptions.ValidMinCounts, validityOptions.ValidMaxCounts);
        var positions = KinematicPositionsOnnx.AddTo(graph, angles, hand);
        var flux = XelaNormalizationOnnx.AddTo(graph, cleaned, normalization.Baseline, normalization.Statistics);
        var encoderInput = graph.AddNode("Concat", [flux, positions], "encoder_input", OnnxAttribute.Int("axis", -1));
        var taxelValidity = maskInvalidTaxels ? SparshSkinEncoderOnnx.TaxelValidity(graph, frameValidity) : null;
        var tokens = SparshSkinEncoderOnnx.NaNWhereUnreadable(graph, encoderInput, taxelValidity, SparshSkinEncoderOnnx.AddTo(graph, encoderInput, taxelValidity, encoder));

        // One sequence of N windows: [N, 1 + T, D] -> [1, N, 1 + T, D]; the decoder's keys are [global token, taxels].
        var sequenceAxis = graph.AddInt64s("sequence_axis", 0);
        var sequence = graph.AddNode("Unsqueeze", [tokens, sequenceAxis], "sequence_tokens");
        string? tokenValidity = null;
        if (decoderSeesValidity)
        {
            var global = graph.AddNode("Cast", [graph.AddInitializer("global_valid", Enumerable.Repeat(1L, windows).ToArray(), windows, 1)], "global_valid",
                OnnxAttribute.CastTo(OnnxElementType.Bool));
            var keys = graph.AddNode("Concat", [global, taxelValidity!], "token_valid", OnnxAttribute.Int("axis", 1));
            tokenValidity = graph.AddNode("Unsqueeze", [keys, sequenceAxis], "sequence_token_valid");
        }
        var steps = TemporalDecoderOnnx.AddTo(graph, sequence, tokenValidity, decoder, maxSteps: windows);
        var stepScores = graph.AddNode("Squeeze", [steps, sequenceAxis], "step_scores");
        // The current estimate: the last step (a scalar index, so Gather drops the step axis).
        var last = graph.AddNode("Gather", [stepScores, graph.AddInitializer("last_step", [windows - 1L])], "current_score", OnnxAttribute.Int("axis", 0));

        var inputs = graph.InputNames;
        graph.AddOutput(last, OnnxModelSaving.OutputName(scoreColumn, inputs), OnnxElementType.Float, outputs);
        graph.AddOutput(stepScores, OnnxModelSaving.OutputName(StepScoresOutput, inputs), OnnxElementType.Float, windows, outputs);
        graph.AddOutput(frameValidity, OnnxModelSaving.OutputName(validityOptions.ValidityColumnName, inputs), OnnxElementType.Bool, windows, frames, XelaSkin.TaxelCount);
        return (graph.ToModelBytes($"Sparsh temporal prediction chain: the last {windows} raw windows (XELA counts and joint angles, oldest first) to the " +
            $"current estimate and every step's (validity, kinematics, normalisation, encoder dim {config.EmbeddingDim} depth {config.Depth}, causal temporal decoder)."),
            inputs, graph.OutputNames);
    }

    private static bool ReadsValidityOf(string? column, XelaValidityTransformer validity)
        => !string.IsNullOrEmpty(column) && column == validity.Options.ValidityColumnName;
}

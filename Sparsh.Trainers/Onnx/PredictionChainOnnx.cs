using Sparsh.Trainers.Decoders;
using Sparsh.Trainers.Encoder;
using Sparsh.Transforms.Kinematics;
using Sparsh.Transforms.Normalization;
using Sparsh.Transforms.Onnx;
using Sparsh.Transforms.Validity;
using Sparsh.Transforms.Xela;

namespace Sparsh.Trainers.Onnx;

/// <summary>
/// The whole prediction path as one ONNX graph: raw window (counts [F, 368, 3] + joint angles [F, 16]) -> validity ->
/// kinematic positions -> normalisation -> encoder input [F, 368, 6] (normalised flux, then positions) -> encoder ->
/// decoder -> outputs (e.g. force [3]).
/// </summary>
public static class PredictionChainOnnx
{
    /// <summary>Name of the output of the exports.</summary>
    public const string ScoreOutput = XelaColumnNames.Score;

    /// <summary>
    /// The chain of fitted transformers as one model with a dynamic batch dimension: inputs named as the data steps' input
    /// columns (<c>Magnetic</c> raw counts [batch, F, 368, 3], <c>JointAngles</c> [batch, F, 16] radians), output
    /// <see cref="ScoreOutput"/> [batch, outputs]. F is the encoder's frame count. Taxels invalid in any frame are hidden
    /// from the encoder's attention when the encoder reads the validity step's column, as in memory; a window with a
    /// non-finite joint angle (or, when masking, no valid taxel) scores NaN, as in memory.
    /// </summary>
    /// <exception cref="NotSupportedException">The decoder reads a token validity column, which the chain does not produce.</exception>
    public static byte[] Export(XelaValidityTransformer validity, KinematicPositionsTransformer kinematics, XelaNormalizationTransformer normalization,
        SparshSkinEncoderTransformer encoder, AttentivePoolerRegressorTransformer decoder)
    {
        ArgumentNullException.ThrowIfNull(validity);
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(decoder);
        if (decoder.Options.TokenValidityColumnName is { } tokenValidity)
            throw new NotSupportedException($"The decoder reads token validity column '{tokenValidity}', which no step of the chain produces.");
        var encoderValidity = encoder.Columns.ValidityColumnName;
        bool mask = !string.IsNullOrEmpty(encoderValidity) && encoderValidity == validity.Options.ValidityColumnName;
        return Export(validity, kinematics, normalization, encoder.Encoder, decoder.Decoder, mask);
    }

    /// <summary>
    /// The chain from modules: as above, with <paramref name="maskInvalidTaxels"/> choosing whether taxels invalid in any
    /// frame are hidden from the encoder's attention (<see cref="SparshSkinEncoder.Encode"/> with validity) or seen as the
    /// zeros the data steps leave (<see cref="SparshSkinEncoder.forward"/>).
    /// </summary>
    public static byte[] Export(XelaValidityTransformer validity, KinematicPositionsTransformer kinematics, XelaNormalizationTransformer normalization,
        SparshSkinEncoder encoder, InstantaneousDecoder decoder, bool maskInvalidTaxels)
    {
        ArgumentNullException.ThrowIfNull(validity);
        ArgumentNullException.ThrowIfNull(kinematics);
        ArgumentNullException.ThrowIfNull(normalization);
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(decoder);
        var config = encoder.Config;
        var hand = kinematics.Options.Hand;
        if (config.MagneticChannels != XelaSkin.AxisCount || config.PositionChannels != XelaSkin.AxisCount)
            throw new ArgumentException($"The encoder takes {config.MagneticChannels} flux and {config.PositionChannels} position channels; the data steps give {XelaSkin.AxisCount} of each.", nameof(encoder));
        if (config.TaxelCount != hand.TaxelCount || hand.TaxelCount != XelaSkin.TaxelCount)
            throw new ArgumentException($"The encoder has {config.TaxelCount} taxels, the hand {hand.TaxelCount} and the skin {XelaSkin.TaxelCount}.", nameof(encoder));
        int frames = config.FrameCount;

        var batch = OnnxDimension.Dynamic("batch");
        var graph = new OnnxGraphBuilder("sparsh_prediction_chain");
        var magnetic = graph.AddInput(validity.Options.InputColumnName, OnnxElementType.Float, batch, frames, XelaSkin.TaxelCount, XelaSkin.AxisCount);
        var angles = graph.AddInput(kinematics.Options.InputColumnName, OnnxElementType.Float, batch, frames, hand.JointCount);
        var (cleaned, frameValidity) = XelaValidityOnnx.AddTo(graph, magnetic, validity.Options.ValidMinCounts, validity.Options.ValidMaxCounts);
        var positions = KinematicPositionsOnnx.AddTo(graph, angles, hand);
        var flux = XelaNormalizationOnnx.AddTo(graph, cleaned, normalization.Baseline, normalization.Statistics);
        var windows = graph.AddNode("Concat", [flux, positions], "encoder_input", OnnxAttribute.Int("axis", -1));
        var taxelValidity = maskInvalidTaxels ? SparshSkinEncoderOnnx.TaxelValidity(graph, frameValidity) : null;
        var tokens = SparshSkinEncoderOnnx.NaNWhereUnreadable(graph, windows, taxelValidity, SparshSkinEncoderOnnx.AddTo(graph, windows, taxelValidity, encoder));
        var score = InstantaneousDecoderOnnx.AddTo(graph, tokens, null, decoder);
        graph.AddOutput(score, OnnxModelSaving.OutputName(ScoreOutput, graph.InputNames), OnnxElementType.Float, batch, decoder.Activations.Count);
        return graph.ToModelBytes("Sparsh prediction chain: raw XELA counts and joint angles to decoder outputs " +
            $"(validity, kinematics, normalisation, encoder dim {config.EmbeddingDim} depth {config.Depth}, attentive decoder).");
    }
}

using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Trainers.Decoders;
using Sparsh.Trainers.Encoder;
using Sparsh.Transforms.Onnx;

namespace Sparsh.Trainers.Onnx;

/// <summary>
/// ONNX export of a FineTune or EndToEnd <see cref="AttentivePoolerRegressorTransformer"/>, which carries its own encoder:
/// one graph for one ML.NET row, the encoder's row graph (<see cref="SparshSkinEncoderOnnx"/>) followed by the decoder
/// (<see cref="InstantaneousDecoderOnnx"/>), as <see cref="EncoderDecoderModel.forward"/> computes it.
/// </summary>
public static class EncoderDecoderOnnx
{
    /// <summary>
    /// The model one row of <paramref name="transformer"/> scores through, with the dimensions of the columns in
    /// <paramref name="schema"/>: inputs the encoder's window columns (normalised flux, positions and, when the schema has
    /// it, validity), output the score column [outputs]. Invalid taxels are hidden from the encoder and from the pooler,
    /// as in memory. Returns the model and its input and output names, for ML.NET's OnnxTransformer.
    /// </summary>
    /// <exception cref="ArgumentException">The transformer is a Frozen decoder (it has no encoder of its own).</exception>
    public static (byte[] Model, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs) ExportForRow(AttentivePoolerRegressorTransformer transformer, DataViewSchema schema)
    {
        ArgumentNullException.ThrowIfNull(transformer);
        ArgumentNullException.ThrowIfNull(schema);
        var model = transformer.Model ?? throw new ArgumentException(
            "A Frozen decoder has no encoder of its own; its row graph reads the tokens column (AttentivePoolerRegressorTransformer.Save writes it).", nameof(transformer));
        var options = transformer.Options;
        var graph = new OnnxGraphBuilder("encoder_decoder_row");
        var (tokens, taxelValidity) = SparshSkinEncoderOnnx.AddForRow(graph, model.Encoder, options.EncoderColumns, schema);
        string? tokenValidity = null;
        if (taxelValidity is not null)
        {
            // The global token is always attendable: the pooler's keys are [true, taxel validity].
            var global = graph.AddNode("Cast", [graph.AddInitializer("global_valid", [1L], 1, 1)], "global_valid", OnnxAttribute.CastTo(OnnxElementType.Bool));
            tokenValidity = graph.AddNode("Concat", [global, taxelValidity], "token_valid", OnnxAttribute.Int("axis", 1));
        }
        var batched = InstantaneousDecoderOnnx.AddTo(graph, tokens, tokenValidity, model.Decoder);
        var inputs = graph.InputNames;
        var scoreName = OnnxModelSaving.OutputName(options.ScoreColumnName, inputs);
        var score = graph.AddNode("Squeeze", [batched, graph.AddInt64s("batch_axis", 0)], "score_row");
        graph.AddOutput(score, scoreName, OnnxElementType.Float, transformer.OutputCount);
        var config = model.Encoder.Config;
        return (graph.ToModelBytes($"Sparsh AttentivePoolerRegressor ({transformer.Mode}): window columns to scores [outputs] for one row, through its own encoder " +
            $"(dim {config.EmbeddingDim}, depth {config.Depth})."), inputs, [scoreName]);
    }

    /// <summary>
    /// Saves <paramref name="transformer"/> into an ML.NET zip as one OnnxTransformer over <see cref="ExportForRow"/>, for
    /// its <c>Save</c> override (<paramref name="boundSchema"/>: the schema it was last applied to).
    /// </summary>
    public static void Save(ModelSaveContext ctx, AttentivePoolerRegressorTransformer transformer, DataViewSchema? boundSchema)
    {
        var schema = OnnxModelSaving.RequireBound(boundSchema, nameof(AttentivePoolerRegressorTransformer));
        var (model, inputs, outputs) = ExportForRow(transformer, schema);
        OnnxModelSaving.Save(ctx, model, inputs, outputs, schema);
    }
}

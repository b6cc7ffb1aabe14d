using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Trainers.Layers;
using Sparsh.Trainers.Onnx;
using Sparsh.Transforms.Onnx;

namespace Sparsh.Trainers.Encoder;

/// <summary>
/// ONNX export of <see cref="SparshSkinEncoder"/> for inference (evaluation mode: no token dropping, no mask token, no
/// drop-path): windows [B, F, T, C] (normalised flux channels, then positions) -> tokens [B, 1 + T, D], the global
/// token first, as <see cref="SparshSkinEncoder.forward"/> returns them.
/// </summary>
public static class SparshSkinEncoderOnnx
{
    /// <summary>Name of the windows input of <see cref="Export"/>.</summary>
    public const string WindowsInput = "windows";

    /// <summary>Name of the optional per-taxel validity input of <see cref="Export"/>.</summary>
    public const string ValidityInput = "validity";

    /// <summary>Name of the output of <see cref="Export"/>.</summary>
    public const string TokensOutput = "tokens";

    /// <summary>
    /// Adds the encoder to <paramref name="windows"/> [B, F, T, C]; <paramref name="validity"/> [B, T] bool hides invalid
    /// taxels from attention as <see cref="SparshSkinEncoder.Encode"/> does (null: all valid). Returns [B, 1 + T, D], exactly
    /// as the module computes them; the scoring graphs add <see cref="NaNWhereUnreadable"/>.
    /// </summary>
    public static string AddTo(OnnxGraphBuilder graph, string windows, string? validity, SparshSkinEncoder encoder)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(encoder);
        var config = encoder.Config;
        var weights = new ModuleWeights(encoder, OnnxParameters.EncoderOwner);
        int d = config.EmbeddingDim, t = config.TaxelCount, r = config.RegisterTokens;
        OnnxParameters.WriteConfig(graph, weights.Owner, config);
        // The mask token only replaces masked tokens in pretraining; it travels in the metadata so the import restores it.
        weights.AddUnread(graph, "mask_token");
        using var scope = graph.Scope("encoder");

        // One token per taxel: its F x C series, frame-major (permute to [B, T, F, C], flatten the last two).
        var perTaxel = graph.AddNode("Transpose", [windows], "taxels_first", OnnxAttribute.Ints("perm", 0, 2, 1, 3));
        perTaxel = graph.AddNode("Reshape", [perTaxel, graph.AddInt64s("token_input_shape", 0, t, config.TokenInputWidth)], "token_inputs");
        var tokens = LinearOnnx.AddTo(graph, perTaxel, weights, "patch_embed");
        if (config.TokenEmbeddingNorm) tokens = LayerNormOnnx.AddTo(graph, tokens, weights, "patch_norm", config.LayerNormEpsilon);
        // Added in the module's order (positions, then types) so float rounding matches; types are gathered per taxel here.
        tokens = graph.AddNode("Add", [tokens, weights.AddInitializer(graph, "pos_embed")], "with_positions");
        // The whole type table and the taxels' types, gathered in the graph (an exact copy), as the module stores them.
        var types = graph.AddNode("Gather", [weights.AddInitializer(graph, "type_embed"), weights.AddInitializer(graph, "taxel_types")], "type_per_taxel",
            OnnxAttribute.Int("axis", 0));
        tokens = graph.AddNode("Add", [tokens, types], "with_types");

        var batch = graph.AddNode("Slice", [graph.AddNode("Shape", [windows], "windows_shape"), graph.AddInt64s("batch_start", 0), graph.AddInt64s("batch_end", 1)], "batch");
        var registerShape = graph.AddNode("Concat", [batch, graph.AddInt64s("register_dims", r, d)], "register_shape", OnnxAttribute.Int("axis", 0));
        var registers = graph.AddNode("Expand", [weights.AddInitializer(graph, "register_tokens"), registerShape], "registers");
        var x = graph.AddNode("Concat", [registers, tokens], "sequence", OnnxAttribute.Int("axis", 1));

        string? keyMask = null;
        if (validity is not null)
        {
            // Registers are always attendable, so every query keeps a key.
            var onesShape = graph.AddNode("Concat", [batch, graph.AddInt64s("register_count", r)], "register_mask_shape", OnnxAttribute.Int("axis", 0));
            var registerMask = graph.AddNode("Expand", [graph.AddInitializer("register_valid", [1L], 1, 1), onesShape], "register_valid_int");
            registerMask = graph.AddNode("Cast", [registerMask], "register_valid", OnnxAttribute.CastTo(OnnxElementType.Bool));
            keyMask = AttentionOnnx.KeyMask(graph, graph.AddNode("Concat", [registerMask, validity], "token_valid", OnnxAttribute.Int("axis", 1)));
        }
        for (var i = 0; i < config.Depth; i++)
            x = TransformerBlockOnnx.AddTo(graph, x, keyMask, weights, $"blocks.{i}", config.Heads, config.LayerNormEpsilon);
        x = LayerNormOnnx.AddTo(graph, x, weights, "norm", config.LayerNormEpsilon);
        if (r == 1) return x;
        // Only the first register (the global token) is an output; the others are scratch space.
        var global = graph.AddNode("Slice", [x, graph.AddInt64s("global_start", 0), graph.AddInt64s("global_end", 1), graph.AddInt64s("token_axis", 1)], "global");
        var taxels = graph.AddNode("Slice", [x, graph.AddInt64s("taxel_start", r), graph.AddInt64s("taxel_end", r + t), graph.AddInt64s("taxel_axis", 1)], "taxel_tokens");
        return graph.AddNode("Concat", [global, taxels], "out", OnnxAttribute.Int("axis", 1));
    }

    /// <summary>
    /// Scoring's rule (<see cref="EncoderInput.CanEncode"/>) in a graph: <paramref name="tokens"/> [B, N, D] become NaN for
    /// a window of <paramref name="windows"/> [B, F, T, C] with a non-finite value or, when <paramref name="validity"/> [B, T]
    /// is given, no valid taxel; other windows' tokens are unchanged.
    /// </summary>
    internal static string NaNWhereUnreadable(OnnxGraphBuilder graph, string windows, string? validity, string tokens)
    {
        // As arithmetic: windows - windows is 0 where finite and NaN elsewhere, and 0 / (any taxel valid) is 0 or NaN, so
        // their sum per window adds exactly 0 to the tokens of a readable window and NaN to the rest.
        var nonFinite = graph.AddNode("Sub", [windows, windows], "window_nan_where_not_finite");
        var guard = graph.AddNode("ReduceSum", [nonFinite, graph.AddInt64s("window_axes", 1, 2, 3)], "window_guard", OnnxAttribute.Int("keepdims", 0));
        if (validity is not null)
        {
            var flags = graph.AddNode("Cast", [validity], "taxel_valid_flags_any", OnnxAttribute.CastTo(OnnxElementType.Float));
            var any = graph.AddNode("ReduceMax", [flags], "any_taxel_valid", OnnxAttribute.Ints("axes", 1), OnnxAttribute.Int("keepdims", 0));
            var noneValid = graph.AddNode("Div", [graph.AddScalar("zero", 0f), any], "nan_where_no_taxel_valid");
            guard = graph.AddNode("Add", [guard, noneValid], "window_guard_validity");
        }
        guard = graph.AddNode("Reshape", [guard, graph.AddInt64s("guard_shape", -1, 1, 1)], "window_guard_per_token");
        return graph.AddNode("Add", [tokens, guard], "tokens_guarded");
    }

    /// <summary>
    /// A model of <paramref name="encoder"/>: input <c>windows</c> [batch, F, T, C] float (+ <c>validity</c> [batch, T]
    /// bool when <paramref name="withValidity"/>), output <c>tokens</c> [batch, 1 + T, D].
    /// </summary>
    public static byte[] Export(SparshSkinEncoder encoder, bool withValidity = false)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        var config = encoder.Config;
        var batch = OnnxDimension.Dynamic("batch");
        var graph = new OnnxGraphBuilder("sparsh_skin_encoder");
        var windows = graph.AddInput(WindowsInput, OnnxElementType.Float, batch, config.FrameCount, config.TaxelCount, config.MagneticChannels + config.PositionChannels);
        var validity = withValidity ? graph.AddInput(ValidityInput, OnnxElementType.Bool, batch, config.TaxelCount) : null;
        var tokens = AddTo(graph, windows, validity, encoder);
        graph.AddOutput(tokens, TokensOutput, OnnxElementType.Float, batch, config.TokenCount, config.EmbeddingDim);
        return graph.ToModelBytes($"Sparsh-skin encoder (dim {config.EmbeddingDim}, depth {config.Depth}, {config.Heads} heads), evaluation mode: windows to tokens, global token first.");
    }

    /// <summary>
    /// Per-taxel validity [B, T] from per-frame validity [B, F, T]: a taxel is valid when it is valid in every frame,
    /// as <see cref="SparshSkinEncoderTransformer"/> reduces it.
    /// </summary>
    public static string TaxelValidity(OnnxGraphBuilder graph, string frameValidity)
    {
        ArgumentNullException.ThrowIfNull(graph);
        // ONNX has no all-of over bools: the minimum of 0/1 flags over the frame axis.
        var flags = graph.AddNode("Cast", [frameValidity], "frame_valid_flags", OnnxAttribute.CastTo(OnnxElementType.Float));
        var all = graph.AddNode("ReduceMin", [flags], "taxel_valid_flags", OnnxAttribute.Ints("axes", 1), OnnxAttribute.Int("keepdims", 0));
        return graph.AddNode("Cast", [all], "taxel_valid", OnnxAttribute.CastTo(OnnxElementType.Bool));
    }

    /// <summary>
    /// The model one ML.NET row of <paramref name="transformer"/> scores through, with the dimensions of the columns in
    /// <paramref name="schema"/>: inputs flux and positions (F x T x 3 floats each) and, when the schema has the
    /// transformer's validity column, validity (F x T bools); outputs the embedding [D] and tokens [1 + T, D] under the
    /// transformer's column names. Returns the model and its input and output names, for ML.NET's OnnxTransformer.
    /// </summary>
    public static (byte[] Model, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs) ExportForRow(SparshSkinEncoderTransformer transformer, DataViewSchema schema)
    {
        ArgumentNullException.ThrowIfNull(transformer);
        ArgumentNullException.ThrowIfNull(schema);
        var config = transformer.Config;
        var columns = transformer.Columns;
        var graph = new OnnxGraphBuilder("sparsh_skin_encoder_row");
        var (tokens, _) = AddForRow(graph, transformer.Encoder, columns, schema);
        var inputs = graph.InputNames;
        var tokensName = OnnxModelSaving.OutputName(columns.TokensColumnName, inputs);
        var embeddingName = OnnxModelSaving.OutputName(columns.EmbeddingColumnName, inputs);
        var rowTokens = graph.AddNode("Reshape", [tokens, graph.AddInt64s("tokens_shape", config.TokenCount, config.EmbeddingDim)], "row_tokens");
        var embedding = graph.AddNode("Gather", [rowTokens, graph.AddInitializer("global_index", [0L])], "embedding", OnnxAttribute.Int("axis", 0));
        graph.AddOutput(embedding, embeddingName, OnnxElementType.Float, config.EmbeddingDim);
        graph.AddOutput(rowTokens, tokensName, OnnxElementType.Float, config.TokenCount, config.EmbeddingDim);
        return (graph.ToModelBytes("Sparsh-skin encoder for one ML.NET row: flux, positions (+ validity) to embedding and tokens."), inputs, [embeddingName, tokensName]);
    }

    /// <summary>
    /// Adds the graph inputs of one ML.NET row of window columns (flux and positions, F x T x 3 floats each, and validity,
    /// F x T bools, when <paramref name="schema"/> has <paramref name="columns"/>' validity column) and the encoder over them.
    /// Returns the tokens with a batch axis of 1, [1, 1 + T, D] (NaN for a window scoring cannot read, as in memory), and the
    /// per-taxel validity [1, T] (null without the column),
    /// so that a decoder can follow in the same graph (<see cref="EncoderDecoderOnnx"/>).
    /// </summary>
    internal static (string Tokens, string? TaxelValidity) AddForRow(OnnxGraphBuilder graph, SparshSkinEncoder encoder, SparshSkinEncoderColumns columns, DataViewSchema schema)
    {
        var config = encoder.Config;
        int f = config.FrameCount, t = config.TaxelCount;
        var flux = graph.AddInput(columns.MagneticColumnName, OnnxElementType.Float, ColumnShape(schema, columns.MagneticColumnName));
        var positions = graph.AddInput(columns.TaxelPositionsColumnName, OnnxElementType.Float, ColumnShape(schema, columns.TaxelPositionsColumnName));
        var windowShape = graph.AddInt64s("window_shape", 1, f, t, 3);
        var window = graph.AddNode("Concat", [graph.AddNode("Reshape", [flux, windowShape], "flux"), graph.AddNode("Reshape", [positions, windowShape], "positions")],
            "window", OnnxAttribute.Int("axis", -1));
        string? validity = null;
        if (!string.IsNullOrEmpty(columns.ValidityColumnName) && schema.GetColumnOrNull(columns.ValidityColumnName) is not null)
        {
            var input = graph.AddInput(columns.ValidityColumnName, OnnxElementType.Bool, ColumnShape(schema, columns.ValidityColumnName));
            validity = TaxelValidity(graph, graph.AddNode("Reshape", [input, graph.AddInt64s("validity_shape", 1, f, t)], "frame_validity"));
        }
        var tokens = AddTo(graph, window, validity, encoder);
        return (NaNWhereUnreadable(graph, window, validity, tokens), validity);
    }

    /// <summary>
    /// Saves <paramref name="transformer"/> into an ML.NET zip as an OnnxTransformer over <see cref="ExportForRow"/>, for the
    /// transformer's <c>Save</c> override (<paramref name="boundSchema"/>: the schema it was last applied to).
    /// </summary>
    public static void Save(ModelSaveContext ctx, SparshSkinEncoderTransformer transformer, DataViewSchema? boundSchema)
    {
        var schema = OnnxModelSaving.RequireBound(boundSchema, nameof(SparshSkinEncoderTransformer));
        var (model, inputs, outputs) = ExportForRow(transformer, schema);
        OnnxModelSaving.Save(ctx, model, inputs, outputs, schema);
    }

    private static OnnxDimension[] ColumnShape(DataViewSchema schema, string name) =>
        schema.GetColumnOrNull(name)?.Type is VectorDataViewType { IsKnownSize: true } vector
            ? vector.Dimensions.Select(d => OnnxDimension.Fixed(d)).ToArray()
            : throw new InvalidOperationException($"Column '{name}' is missing or not a known-size vector; it cannot be an ONNX input.");
}

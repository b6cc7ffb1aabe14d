using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Trainers.Encoder;
using Sparsh.Trainers.Onnx;
using Sparsh.Transforms.Onnx;
using Sparsh.Trainers.Training;
using Sparsh.Transforms.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Decoders;

/// <summary>
/// A trained attentive-pooler decoder. Frozen: tokens [tokens, width] (+ validity) -> Score. FineTune and
/// EndToEnd: the window columns (normalised flux, positions, validity) -> its own encoder -> decoder -> Score.
/// Dispose it to free the TorchSharp modules it owns.
/// </summary>
public sealed class AttentivePoolerRegressorTransformer : RowMappingTransformer, IDisposable
{
    private readonly AttentivePoolerRegressorOptions _options;
    private readonly Device _device;
    private readonly int _tokens;
    private readonly int _width;
    private bool _disposed;

    internal AttentivePoolerRegressorTransformer(AttentivePoolerRegressorOptions options, InstantaneousDecoder decoder, EncoderDecoderModel? model,
        Device device, int tokens, int width, int outputs, TrainingHistory history)
    {
        _options = options.Clone();
        Decoder = decoder;
        Model = model;
        _device = device;
        _tokens = tokens;
        _width = width;
        OutputCount = outputs;
        History = history;
    }

    /// <summary>The options it was trained with (column names for exports).</summary>
    internal AttentivePoolerRegressorOptions Options => _options;

    /// <summary>The trained decoder module.</summary>
    public InstantaneousDecoder Decoder { get; }

    /// <summary>FineTune/EndToEnd: encoder and decoder together; null in Frozen mode.</summary>
    public EncoderDecoderModel? Model { get; }

    /// <summary>FineTune/EndToEnd: the trained encoder; null in Frozen mode.</summary>
    public SparshSkinEncoder? Encoder => Model?.Encoder;

    /// <summary>The mode it was trained in.</summary>
    public DecoderMode Mode => _options.Mode;

    /// <summary>Number of outputs per window.</summary>
    public int OutputCount { get; }

    /// <summary>Per-epoch losses and the epoch kept.</summary>
    public TrainingHistory History { get; }

    /// <summary>
    /// Saves as ML.NET's OnnxTransformer over the decoder's ONNX graph, so the zip loads and scores without Sparsh or
    /// TorchSharp (docs/deployment.md). Frozen: tokens [tokens, width] (+ validity) -> Score [outputs]. FineTune and
    /// EndToEnd: one graph of its own encoder and the decoder, window columns -> Score (<see cref="EncoderDecoderOnnx"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">The transformer was never applied to data, or ONNX Runtime is missing.</exception>
    public override void Save(ModelSaveContext ctx)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Model != null)
        {
            EncoderDecoderOnnx.Save(ctx, this, BoundInputSchema);
            return;
        }
        var schema = OnnxModelSaving.RequireBound(BoundInputSchema, nameof(AttentivePoolerRegressorTransformer));
        List<string> inputs = [_options.TokensColumnName];
        if (_options.TokenValidityColumnName is { } validity) inputs.Add(validity);
        var score = OnnxModelSaving.OutputName(_options.ScoreColumnName, inputs);
        var model = InstantaneousDecoderOnnx.ExportForRow(Decoder, _options.TokensColumnName, _tokens, _width, _options.TokenValidityColumnName, score);
        OnnxModelSaving.Save(ctx, model, inputs, [score], schema);
    }

    /// <inheritdoc/>
    protected override RowMapper CreateMapper(DataViewSchema inputSchema)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return Model == null ? new TokenMapper(inputSchema, this) : new WindowMapper(inputSchema, this, Model);
    }

    /// <summary>
    /// Disposes the modules it trained and owns: the decoder and, FineTune/EndToEnd, its own encoder (a copy, never the
    /// pretrained encoder passed in the options). A second call does nothing.
    /// </summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        // Model holds the encoder and this same decoder; each module is disposed once, children first.
        Encoder?.Dispose();
        Decoder.Dispose();
        Model?.Dispose();
    }

    private IReadOnlyList<OutputColumn> ScoreColumn => [new(_options.ScoreColumnName, new VectorDataViewType(NumberDataViewType.Single, OutputCount))];

    // One row through a module without gradients, the result copied into the Score buffer.
    private void Score(Func<Tensor> forward, ref VBuffer<float> dst)
    {
        var editor = VBufferEditor.Create(ref dst, OutputCount);
        using (no_grad())
        using (NewDisposeScope())
            forward().cpu().data<float>().CopyTo(editor.Values);
        dst = editor.Commit();
    }

    private sealed class TokenMapper : RowMapper
    {
        private readonly AttentivePoolerRegressorTransformer _parent;
        private readonly DataViewSchema.Column _tokens;
        private readonly DataViewSchema.Column? _validity;

        public TokenMapper(DataViewSchema schema, AttentivePoolerRegressorTransformer parent) : base(schema)
        {
            _parent = parent;
            var (tokens, width) = AttentivePoolerRegressorEstimator.TokenShape(schema, parent._options.TokensColumnName);
            if (tokens != parent._tokens || width != parent._width)
                throw new ArgumentOutOfRangeException(nameof(schema),
                    $"Column '{parent._options.TokensColumnName}' has tokens [{tokens}, {width}]; the decoder was trained on [{parent._tokens}, {parent._width}].");
            _tokens = schema[parent._options.TokensColumnName];
            _validity = parent._options.TokenValidityColumnName is { } name ? schema[name] : null;
            OutputColumns = parent.ScoreColumn;
        }

        public override IReadOnlyList<OutputColumn> OutputColumns { get; }

        public override IEnumerable<DataViewSchema.Column> Dependencies(IReadOnlyList<int> activeOutputs)
            => activeOutputs.Count == 0 ? [] : _validity is { } v ? [_tokens, v] : [_tokens];

        public override Delegate CreateGetter(DataViewRow input, int outputIndex)
        {
            var tokensGetter = KnownSizeVectors.GetGetter<float>(input, _tokens);
            var validityGetter = _validity is { } v ? KnownSizeVectors.GetGetter<bool>(input, v) : null;
            var tokenBuffer = default(VBuffer<float>);
            var validityBuffer = default(VBuffer<bool>);
            var tokens = new float[_parent._tokens * _parent._width];
            var validity = new bool[_parent._tokens];
            return (ValueGetter<VBuffer<float>>)((ref VBuffer<float> dst) =>
            {
                tokensGetter(ref tokenBuffer);
                tokenBuffer.CopyTo(tokens);
                if (validityGetter != null)
                {
                    validityGetter(ref validityBuffer);
                    validityBuffer.CopyTo(validity);
                }
                _parent.Score(() => _parent.Decoder.forward(
                    tensor(tokens, [1, _parent._tokens, _parent._width]).to(_parent._device),
                    validityGetter == null ? null : tensor(validity, [1, _parent._tokens]).to(_parent._device)), ref dst);
            });
        }
    }

    private sealed class WindowMapper : RowMapper
    {
        private readonly AttentivePoolerRegressorTransformer _parent;
        private readonly EncoderDecoderModel _model;
        private readonly DataViewSchema.Column _magnetic;
        private readonly DataViewSchema.Column _positions;
        private readonly DataViewSchema.Column? _validity;

        public WindowMapper(DataViewSchema schema, AttentivePoolerRegressorTransformer parent, EncoderDecoderModel model) : base(schema)
        {
            _parent = parent;
            _model = model;
            var columns = parent._options.EncoderColumns;
            (_magnetic, _positions) = columns.RequireWindowColumns(schema, model.Encoder.Config);
            _validity = columns.ValidityColumnName is { } name && schema.GetColumnOrNull(name) is { } column ? column : null;
            OutputColumns = parent.ScoreColumn;
        }

        public override IReadOnlyList<OutputColumn> OutputColumns { get; }

        public override IEnumerable<DataViewSchema.Column> Dependencies(IReadOnlyList<int> activeOutputs)
            => activeOutputs.Count == 0 ? [] : _validity is { } v ? [_magnetic, _positions, v] : [_magnetic, _positions];

        public override Delegate CreateGetter(DataViewRow input, int outputIndex)
        {
            var config = _model.Encoder.Config;
            var magneticGetter = KnownSizeVectors.GetGetter<float>(input, _magnetic);
            var positionsGetter = KnownSizeVectors.GetGetter<float>(input, _positions);
            var validityGetter = _validity is { } v ? KnownSizeVectors.GetGetter<bool>(input, v) : null;
            VBuffer<float> magneticBuffer = default, positionsBuffer = default;
            var validityBuffer = default(VBuffer<bool>);
            int values = config.FrameCount * config.TaxelCount * 3;
            var magnetic = new float[values];
            var positions = new float[values];
            var window = new float[2 * values];
            var perFrame = new bool[config.FrameCount * config.TaxelCount];
            var perTaxel = new bool[config.TaxelCount];
            return (ValueGetter<VBuffer<float>>)((ref VBuffer<float> dst) =>
            {
                magneticGetter(ref magneticBuffer);
                positionsGetter(ref positionsBuffer);
                magneticBuffer.CopyTo(magnetic);
                positionsBuffer.CopyTo(positions);
                EncoderInput.Interleave(magnetic, positions, window);
                if (validityGetter != null)
                {
                    validityGetter(ref validityBuffer);
                    validityBuffer.CopyTo(perFrame);
                    EncoderInput.ValidInAllFrames(perFrame, config.FrameCount, perTaxel);
                }
                if (!EncoderInput.CanEncode(window, validityGetter == null ? [] : perTaxel))
                {
                    var editor = VBufferEditor.Create(ref dst, _parent.OutputCount);
                    editor.Values.Fill(float.NaN);
                    dst = editor.Commit();
                    return;
                }
                _parent.Score(() => _model.forward(
                    tensor(window, [1, config.FrameCount, config.TaxelCount, 6]).to(_parent._device),
                    validityGetter == null ? null : tensor(perTaxel, [1, config.TaxelCount]).to(_parent._device)), ref dst);
            });
        }
    }
}

using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Trainers.Onnx;
using Sparsh.Trainers.Training;
using Sparsh.Transforms.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Decoders;

/// <summary>A trained attentive-pooler decoder: tokens [tokens, width] (+ validity) -> Score [outputs].</summary>
public sealed class AttentivePoolerRegressorTransformer : RowMappingTransformer
{
    private readonly AttentivePoolerRegressorOptions _options;
    private readonly Device _device;
    private readonly int _tokens;
    private readonly int _width;

    internal AttentivePoolerRegressorTransformer(AttentivePoolerRegressorOptions options, InstantaneousDecoder decoder, Device device,
        int tokens, int width, int outputs, TrainingHistory history)
    {
        _options = options;
        Decoder = decoder;
        _device = device;
        _tokens = tokens;
        _width = width;
        OutputCount = outputs;
        History = history;
    }

    /// <summary>The options it was trained with (column names for exports).</summary>
    internal AttentivePoolerRegressorOptions Options => _options;

    /// <summary>The trained TorchSharp module.</summary>
    public InstantaneousDecoder Decoder { get; }

    /// <summary>Number of outputs per window.</summary>
    public int OutputCount { get; }

    /// <summary>Per-epoch losses and the epoch kept.</summary>
    public TrainingHistory History { get; }

    /// <summary>
    /// Saves as ML.NET's OnnxTransformer over the decoder's ONNX graph (tokens [tokens, width] (+ validity) -> Score
    /// [outputs]), so the zip loads and scores without Sparsh or TorchSharp (docs/deployment.md).
    /// </summary>
    /// <exception cref="InvalidOperationException">The transformer was never applied to data, or ONNX Runtime is missing.</exception>
    public override void Save(ModelSaveContext ctx)
    {
        var schema = OnnxTransformerSaving.RequireBound(BoundInputSchema, nameof(AttentivePoolerRegressorTransformer));
        List<string> inputs = [_options.TokensColumnName];
        if (_options.TokenValidityColumnName is { } validity) inputs.Add(validity);
        var score = OnnxTransformerSaving.OutputName(_options.ScoreColumnName, inputs);
        var model = InstantaneousDecoderOnnx.ExportForRow(Decoder, _options.TokensColumnName, _tokens, _width, _options.TokenValidityColumnName, score);
        OnnxTransformerSaving.Save(ctx, model, inputs, [score], schema);
    }

    /// <inheritdoc/>
    protected override RowMapper CreateMapper(DataViewSchema inputSchema) => new Mapper(inputSchema, this);

    private sealed class Mapper : RowMapper
    {
        private readonly AttentivePoolerRegressorTransformer _parent;
        private readonly DataViewSchema.Column _tokens;
        private readonly DataViewSchema.Column? _validity;

        public Mapper(DataViewSchema schema, AttentivePoolerRegressorTransformer parent) : base(schema)
        {
            _parent = parent;
            var (tokens, width) = AttentivePoolerRegressorEstimator.TokenShape(schema, parent._options.TokensColumnName);
            if (tokens != parent._tokens || width != parent._width)
                throw new ArgumentOutOfRangeException(nameof(schema),
                    $"Column '{parent._options.TokensColumnName}' has tokens [{tokens}, {width}]; the decoder was trained on [{parent._tokens}, {parent._width}].");
            _tokens = schema[parent._options.TokensColumnName];
            _validity = parent._options.TokenValidityColumnName is { } name ? schema[name] : null;
            OutputColumns = [new(parent._options.ScoreColumnName, new VectorDataViewType(NumberDataViewType.Single, parent.OutputCount))];
        }

        public override IReadOnlyList<OutputColumn> OutputColumns { get; }

        public override IEnumerable<DataViewSchema.Column> Dependencies(IReadOnlyList<int> activeOutputs)
            => activeOutputs.Count == 0 ? [] : _validity is { } v ? [_tokens, v] : [_tokens];

        public override Delegate CreateGetter(DataViewRow input, int outputIndex)
        {
            var tokensGetter = input.GetGetter<VBuffer<float>>(_tokens);
            var validityGetter = _validity is { } v ? input.GetGetter<VBuffer<bool>>(v) : null;
            var tokenBuffer = default(VBuffer<float>);
            var validityBuffer = default(VBuffer<bool>);
            var tokens = new float[_parent._tokens * _parent._width];
            var validity = new bool[_parent._tokens];
            return (ValueGetter<VBuffer<float>>)((ref VBuffer<float> dst) =>
            {
                tokensGetter(ref tokenBuffer);
                tokenBuffer.CopyTo(tokens);
                validityGetter?.Invoke(ref validityBuffer);
                if (validityGetter != null) validityBuffer.CopyTo(validity);
                var editor = VBufferEditor.Create(ref dst, _parent.OutputCount);
                using (no_grad())
                using (NewDisposeScope())
                {
                    var x = tensor(tokens, [1, _parent._tokens, _parent._width]).to(_parent._device);
                    var mask = validityGetter == null ? null : tensor(validity, [1, _parent._tokens]).to(_parent._device);
                    _parent.Decoder.forward(x, mask).cpu().data<float>().CopyTo(editor.Values);
                }
                dst = editor.Commit();
            });
        }
    }
}

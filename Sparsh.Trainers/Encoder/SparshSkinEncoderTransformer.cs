using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Trainers.Pretraining;
using Sparsh.Transforms.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Encoder;

/// <summary>
/// A (pretrained) Sparsh-skin encoder as a row-to-row transformer: adds the global embedding [D] and all tokens
/// [1 + taxels, D] of each window; NaN for a window it cannot read (a non-finite value or no valid taxel, see
/// <see cref="EncoderInput.CanEncode"/>). The TorchSharp module and its config are exposed for decoders and fine-tuning.
/// </summary>
public sealed class SparshSkinEncoderTransformer : RowMappingTransformer, IDisposable
{
    /// <summary>The encoder module (CPU, evaluation mode).</summary>
    public SparshSkinEncoder Encoder { get; }

    /// <summary>Its architecture.</summary>
    public SparshSkinEncoderConfig Config => Encoder.Config;

    /// <summary>Input and output columns.</summary>
    public SparshSkinEncoderColumns Columns { get; }

    /// <summary>Wraps an encoder module.</summary>
    internal SparshSkinEncoderTransformer(SparshSkinEncoder encoder, SparshSkinEncoderColumns? columns = null)
    {
        Encoder = encoder;
        Columns = columns ?? new SparshSkinEncoderColumns();
        Encoder.eval();
    }

    /// <summary>Loads the inference encoder of a pretraining checkpoint (format in <see cref="PretrainingCheckpoint"/>).</summary>
    public static SparshSkinEncoderTransformer Load(string checkpointPath, SparshSkinEncoderColumns? columns = null)
        => new(PretrainingCheckpoint.LoadEncoder(checkpointPath), columns);

    /// <summary>The columns the transformer adds for a config.</summary>
    public static IReadOnlyList<OutputColumn> OutputColumnsOf(SparshSkinEncoderConfig config, SparshSkinEncoderColumns columns) =>
    [
        new(columns.EmbeddingColumnName, new VectorDataViewType(NumberDataViewType.Single, config.EmbeddingDim)),
        new(columns.TokensColumnName, new VectorDataViewType(NumberDataViewType.Single, config.TokenCount, config.EmbeddingDim)),
    ];

    /// <inheritdoc/>
    protected override RowMapper CreateMapper(DataViewSchema inputSchema) => new Mapper(inputSchema, this);

    /// <summary>Saves as ML.NET's OnnxTransformer over the encoder's ONNX graph, so the zip scores without Sparsh or TorchSharp.</summary>
    public override void Save(ModelSaveContext ctx) => SparshSkinEncoderOnnx.Save(ctx, this, BoundInputSchema);

    /// <inheritdoc/>
    public void Dispose() => Encoder.Dispose();

    private sealed class Mapper : RowMapper
    {
        private readonly SparshSkinEncoderTransformer _parent;
        private readonly DataViewSchema.Column _magnetic;
        private readonly DataViewSchema.Column _positions;
        private readonly DataViewSchema.Column? _validity;

        public Mapper(DataViewSchema schema, SparshSkinEncoderTransformer parent) : base(schema)
        {
            _parent = parent;
            var config = parent.Config;
            (_magnetic, _positions) = parent.Columns.RequireWindowColumns(schema, config);
            if (!string.IsNullOrEmpty(parent.Columns.ValidityColumnName) && schema.GetColumnOrNull(parent.Columns.ValidityColumnName) is { } validity)
            {
                if (validity.Type is not VectorDataViewType { ItemType: BooleanDataViewType } v || v.Size != config.FrameCount * config.TaxelCount)
                    throw new ArgumentOutOfRangeException(nameof(schema), $"Validity column '{validity.Name}' has type {validity.Type}; expected a bool vector of length {config.FrameCount * config.TaxelCount}.");
                _validity = validity;
            }
            OutputColumns = OutputColumnsOf(config, parent.Columns);
        }

        public override IReadOnlyList<OutputColumn> OutputColumns { get; }

        public override IEnumerable<DataViewSchema.Column> Dependencies(IReadOnlyList<int> activeOutputs)
            => activeOutputs.Count == 0 ? [] : _validity is { } v ? [_magnetic, _positions, v] : [_magnetic, _positions];

        public override Delegate CreateGetter(DataViewRow input, int outputIndex)
        {
            // Both added columns come from one encoder pass, cached per row and shared by this cursor's getters.
            var cache = _caches.GetValue(input, row => new RowCache(this, row));
            int d = _parent.Config.EmbeddingDim;
            return (ValueGetter<VBuffer<float>>)((ref VBuffer<float> dst) =>
            {
                var values = cache.Compute();
                int length = outputIndex == 0 ? d : values.Length;
                var editor = VBufferEditor.Create(ref dst, length);
                values.AsSpan(0, length).CopyTo(editor.Values);
                dst = editor.Commit();
            });
        }

        private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DataViewRow, RowCache> _caches = new();

        private sealed class RowCache(Mapper mapper, DataViewRow input)
        {
            private readonly ValueGetter<VBuffer<float>> _magnetic = KnownSizeVectors.GetGetter<float>(input, mapper._magnetic);
            private readonly ValueGetter<VBuffer<float>> _positions = KnownSizeVectors.GetGetter<float>(input, mapper._positions);
            private readonly ValueGetter<VBuffer<bool>>? _validity = mapper._validity is { } v ? KnownSizeVectors.GetGetter<bool>(input, v) : null;
            private readonly float[] _window = new float[mapper._parent.Config.FrameCount * mapper._parent.Config.TaxelCount * 6];
            private readonly bool[] _valid = new bool[mapper._parent.Config.TaxelCount];
            private readonly float[] _tokens = new float[mapper._parent.Config.TokenCount * mapper._parent.Config.EmbeddingDim];
            private readonly float[] _magneticValues = new float[mapper._parent.Config.FrameCount * mapper._parent.Config.TaxelCount * 3];
            private readonly float[] _positionValues = new float[mapper._parent.Config.FrameCount * mapper._parent.Config.TaxelCount * 3];
            private readonly bool[] _validFrames = new bool[mapper._parent.Config.FrameCount * mapper._parent.Config.TaxelCount];
            private VBuffer<float> _buffer;
            private VBuffer<bool> _validityBuffer;
            private long _position = -1;

            // Returns all tokens [1 + taxels, D], register first: the embedding is the first D values.
            public float[] Compute()
            {
                if (_position == input.Position) return _tokens;
                var config = mapper._parent.Config;
                int frames = config.FrameCount, taxels = config.TaxelCount;
                _magnetic(ref _buffer);
                _buffer.CopyTo(_magneticValues);
                _positions(ref _buffer);
                _buffer.CopyTo(_positionValues);
                EncoderInput.Interleave(_magneticValues, _positionValues, _window);
                Array.Fill(_valid, true);
                if (_validity is not null)
                {
                    _validity(ref _validityBuffer);
                    _validityBuffer.CopyTo(_validFrames);
                    EncoderInput.ValidInAllFrames(_validFrames, frames, _valid);
                }
                if (!EncoderInput.CanEncode(_window, _validity is null ? [] : _valid))
                {
                    Array.Fill(_tokens, float.NaN);
                    _position = input.Position;
                    return _tokens;
                }
                using (var scope = NewDisposeScope())
                using (torch.no_grad())
                {
                    var windows = torch.tensor(_window, [1, frames, taxels, 6]);
                    var validity = torch.tensor(_valid, [1, taxels]);
                    var output = mapper._parent.Encoder.Encode(windows, validity: validity);
                    var all = torch.cat([output.Register.unsqueeze(1), output.Tokens], 1).contiguous();
                    all.data<float>().CopyTo(_tokens);
                }
                _position = input.Position;
                return _tokens;
            }
        }
    }
}

using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Transforms.Core;
using Sparsh.Transforms.Onnx;
using Sparsh.Transforms.Preprocessing;
using Sparsh.Transforms.Xela;

namespace Sparsh.Transforms.Normalization;

/// <summary>Applies baseline subtraction and per-axis standardisation; invalid zeros stay zero.</summary>
public sealed class XelaNormalizationTransformer : RowMappingTransformer
{
    private readonly XelaNormalizationOptions _options;

    internal XelaNormalizationTransformer(XelaNormalizationOptions options, MagneticChannelStatistics statistics)
    {
        _options = options.Clone();
        Statistics = statistics;
    }

    /// <summary>The per-axis statistics in use (fitted or given).</summary>
    public MagneticChannelStatistics Statistics { get; }

    /// <summary>The baseline subtracted first, if any.</summary>
    public TaxelBaseline? Baseline => _options.Baseline;

    /// <inheritdoc/>
    protected override RowMapper CreateMapper(DataViewSchema inputSchema) => new Mapper(inputSchema, this);

    /// <summary>
    /// Saves as ML.NET's OnnxTransformer over this step's ONNX graph (<see cref="XelaNormalizationOnnx"/>, baseline and
    /// statistics as constants), with the column dimensions of the schema the transformer was last applied to.
    /// </summary>
    public override void Save(ModelSaveContext ctx)
    {
        var schema = OnnxModelSaving.RequireBound(BoundInputSchema, nameof(XelaNormalizationTransformer));
        var model = XelaNormalizationOnnx.Export(Baseline, Statistics, _options.InputColumnName, _options.OutputColumnName,
            OnnxModelSaving.Dimensions(schema, _options.InputColumnName));
        string[] inputs = [_options.InputColumnName];
        OnnxModelSaving.Save(ctx, model, inputs, [OnnxShapes.OutputName(_options.OutputColumnName, inputs)], schema);
    }

    internal static DataViewSchema.Column RequireMagnetic(DataViewSchema schema, string name)
        => SchemaChecks.RequireFrames(schema, name, XelaSkin.ValuesPerFrame, "magnetic counts (frames x 368 x 3)").Column;

    // Invalid readings reach normalisation as 0 (the validity step zeroes them and the baseline keeps 0 as "no data");
    // a NaN or infinity here means that step was skipped, and normalising it would spread garbage into the encoder.
    private void RequireFinite(ReadOnlySpan<float> values, long row)
    {
        int i = FirstNonFinite(values);
        if (i < 0) return;
        int perFrame = XelaSkin.ValuesPerFrame;
        throw new InvalidDataException(
            $"Column '{_options.InputColumnName}', row {row}: value {values[i]} at frame {i / perFrame}, taxel {i % perFrame / XelaSkin.AxisCount}, axis {i % XelaSkin.AxisCount} " +
            "is not finite. XelaNormalization expects raw counts whose invalid readings the XelaValidity step has zeroed: put mlContext.Sparsh().XelaValidity() before it.");
    }

    private static int FirstNonFinite(ReadOnlySpan<float> values)
    {
        for (int i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i])) return i;
        return -1;
    }

    private sealed class Mapper : RowMapper
    {
        private readonly XelaNormalizationTransformer _parent;
        private readonly DataViewSchema.Column _input;
        private readonly int _length;

        public Mapper(DataViewSchema schema, XelaNormalizationTransformer parent) : base(schema)
        {
            _parent = parent;
            _input = RequireMagnetic(schema, parent._options.InputColumnName);
            _length = ((VectorDataViewType)_input.Type).Size;
            OutputColumns = [new(parent._options.OutputColumnName, _input.Type, _input.Annotations)];
        }

        public override IReadOnlyList<OutputColumn> OutputColumns { get; }

        public override IEnumerable<DataViewSchema.Column> Dependencies(IReadOnlyList<int> activeOutputs) => activeOutputs.Count > 0 ? [_input] : [];

        public override Delegate CreateGetter(DataViewRow input, int outputIndex)
        {
            var source = KnownSizeVectors.GetGetter<float>(input, _input);
            var buffer = default(VBuffer<float>);
            var baseline = _parent.Baseline;
            var statistics = _parent.Statistics;
            return (ValueGetter<VBuffer<float>>)((ref VBuffer<float> dst) =>
            {
                source(ref buffer);
                var editor = VBufferEditor.Create(ref dst, _length);
                buffer.CopyTo(editor.Values);
                _parent.RequireFinite(editor.Values, input.Position);
                baseline?.Subtract(editor.Values);
                statistics.Normalize(editor.Values);
                dst = editor.Commit();
            });
        }
    }
}

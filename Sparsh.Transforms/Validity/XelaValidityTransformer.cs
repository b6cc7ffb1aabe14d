using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Transforms.Core;
using Sparsh.Transforms.Onnx;
using Sparsh.Transforms.Xela;

namespace Sparsh.Transforms.Validity;

/// <summary>Zeroes invalid raw readings and adds the per-taxel validity mask.</summary>
public sealed class XelaValidityTransformer : RowMappingTransformer
{
    private readonly XelaValidityOptions _options;

    /// <summary>A copy of the options this transformer applies: changing it does not change the transformer.</summary>
    public XelaValidityOptions Options => _options.Clone();

    internal XelaValidityTransformer(XelaValidityOptions options) => _options = options.Clone();

    /// <summary>True when a raw reading is a finite value inside the valid range.</summary>
    public static bool IsValid(float counts, float minCounts, float maxCounts) => counts >= minCounts && counts <= maxCounts;

    /// <inheritdoc/>
    protected override RowMapper CreateMapper(DataViewSchema inputSchema) => new Mapper(inputSchema, _options);

    /// <summary>
    /// Saves as ML.NET's OnnxTransformer over this step's ONNX graph (<see cref="XelaValidityOnnx"/>), with the column
    /// dimensions of the schema the transformer was last applied to; the zip loads without Sparsh.
    /// </summary>
    public override void Save(ModelSaveContext ctx)
    {
        var schema = OnnxModelSaving.RequireBound(BoundInputSchema, nameof(XelaValidityTransformer));
        var output = GetOutputSchema(schema);
        var model = XelaValidityOnnx.Export(_options, OnnxModelSaving.Dimensions(schema, _options.InputColumnName),
            OnnxModelSaving.Dimensions(output, _options.OutputColumnName), OnnxModelSaving.Dimensions(output, _options.ValidityColumnName));
        string[] inputs = [_options.InputColumnName];
        OnnxModelSaving.Save(ctx, model, inputs,
            [OnnxShapes.OutputName(_options.OutputColumnName, inputs), OnnxShapes.OutputName(_options.ValidityColumnName, inputs)], schema);
    }

    internal static IEnumerable<OutputColumn> ShapeColumns(XelaValidityOptions options) =>
    [
        new(options.OutputColumnName, new VectorDataViewType(NumberDataViewType.Single, XelaSkin.ValuesPerFrame)),
        new(options.ValidityColumnName, new VectorDataViewType(BooleanDataViewType.Instance, XelaSkin.TaxelCount)),
    ];

    private sealed class Mapper : RowMapper
    {
        private readonly XelaValidityOptions _options;
        private readonly DataViewSchema.Column _input;
        private readonly int _length;

        public Mapper(DataViewSchema schema, XelaValidityOptions options) : base(schema)
        {
            _options = options;
            (_input, int frames) = SchemaChecks.RequireFrames(schema, options.InputColumnName, XelaSkin.ValuesPerFrame, "raw magnetic counts (frames x 368 x 3)");
            var vector = (VectorDataViewType)_input.Type;
            _length = vector.Size;
            var inputDims = vector.Dimensions;
            var maskDims = inputDims.Length > 1 ? inputDims.Take(inputDims.Length - 1).ToArray() : [frames * XelaSkin.TaxelCount];
            OutputColumns =
            [
                new(options.OutputColumnName, new VectorDataViewType(NumberDataViewType.Single, inputDims.ToArray()), _input.Annotations),
                new(options.ValidityColumnName, new VectorDataViewType(BooleanDataViewType.Instance, maskDims)),
            ];
        }

        public override IReadOnlyList<OutputColumn> OutputColumns { get; }

        public override IEnumerable<DataViewSchema.Column> Dependencies(IReadOnlyList<int> activeOutputs)
            => activeOutputs.Count > 0 ? [_input] : [];

        public override Delegate CreateGetter(DataViewRow input, int outputIndex)
        {
            var source = KnownSizeVectors.GetGetter<float>(input, _input);
            var raw = default(VBuffer<float>);
            var counts = new float[_length];
            float min = _options.ValidMinCounts, max = _options.ValidMaxCounts;
            if (outputIndex == 0)
                return (ValueGetter<VBuffer<float>>)((ref VBuffer<float> dst) =>
                {
                    source(ref raw);
                    raw.CopyTo(counts);
                    var editor = VBufferEditor.Create(ref dst, _length);
                    for (int i = 0; i < _length; i++) editor.Values[i] = IsValid(counts[i], min, max) ? counts[i] : 0f;
                    dst = editor.Commit();
                });
            return (ValueGetter<VBuffer<bool>>)((ref VBuffer<bool> dst) =>
            {
                source(ref raw);
                raw.CopyTo(counts);
                int taxels = _length / XelaSkin.AxisCount;
                var editor = VBufferEditor.Create(ref dst, taxels);
                for (int t = 0; t < taxels; t++)
                    editor.Values[t] = IsValid(counts[3 * t], min, max) && IsValid(counts[3 * t + 1], min, max) && IsValid(counts[3 * t + 2], min, max);
                dst = editor.Commit();
            });
        }
    }
}

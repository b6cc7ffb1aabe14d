using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Trainers.Onnx;
using Sparsh.Transforms.Core;
using Sparsh.Transforms.Onnx;

namespace Sparsh.Trainers.LinearProbe;

/// <summary>A fitted linear probe: Score = W (features - FeatureMean) + Bias, computed without TorchSharp.</summary>
public sealed class LinearProbeTransformer : RowMappingTransformer
{
    private readonly LinearProbeOptions _options;

    /// <summary>Weights [outputs, features], row-major, in raw feature units.</summary>
    public IReadOnlyList<float> Weights { get; }

    /// <summary>The training features' mean, subtracted before weighting (centred features keep float32 sums exact enough).</summary>
    public IReadOnlyList<float> FeatureMean { get; }

    /// <summary>Score per output at <see cref="FeatureMean"/> (the training labels' mean).</summary>
    public IReadOnlyList<float> Bias { get; }

    /// <summary>Number of input features.</summary>
    public int FeatureCount => FeatureMean.Count;

    internal LinearProbeTransformer(LinearProbeOptions options, float[] weights, float[] featureMean, float[] bias)
    {
        _options = options.Clone();
        Weights = weights;
        FeatureMean = featureMean;
        Bias = bias;
    }

    /// <inheritdoc/>
    protected override RowMapper CreateMapper(DataViewSchema inputSchema) => new Mapper(inputSchema, this);

    /// <summary>
    /// Saves as ML.NET's OnnxTransformer over the probe's row graph (features -> Score), so a probe on a frozen encoder
    /// ships in a model zip like any decoder and scores without Sparsh or TorchSharp.
    /// </summary>
    public override void Save(ModelSaveContext ctx)
    {
        var schema = OnnxModelSaving.RequireBound(BoundInputSchema, nameof(LinearProbeTransformer));
        string[] inputs = [_options.FeatureColumnName];
        string score = OnnxModelSaving.OutputName(_options.ScoreColumnName, inputs);
        var model = LinearProbeOnnx.ExportForRow(Weights, FeatureMean, Bias, _options.FeatureColumnName,
            OnnxModelSaving.Dimensions(schema, _options.FeatureColumnName), score);
        OnnxModelSaving.Save(ctx, model, inputs, [score], schema);
    }

    private sealed class Mapper : RowMapper
    {
        private readonly LinearProbeTransformer _parent;
        private readonly DataViewSchema.Column _features;

        public Mapper(DataViewSchema schema, LinearProbeTransformer parent) : base(schema)
        {
            _parent = parent;
            _features = SchemaChecks.RequireFloatVector(schema, parent._options.FeatureColumnName, parent.FeatureCount, "features");
            OutputColumns = [new(parent._options.ScoreColumnName, new VectorDataViewType(NumberDataViewType.Single, parent.Bias.Count))];
        }

        public override IReadOnlyList<OutputColumn> OutputColumns { get; }

        public override IEnumerable<DataViewSchema.Column> Dependencies(IReadOnlyList<int> activeOutputs) => activeOutputs.Count > 0 ? [_features] : [];

        public override Delegate CreateGetter(DataViewRow input, int outputIndex)
        {
            var getter = KnownSizeVectors.GetGetter<float>(input, _features);
            var buffer = default(VBuffer<float>);
            var x = new float[_parent.FeatureCount];
            int outputs = _parent.Bias.Count, width = _parent.FeatureCount;
            return (ValueGetter<VBuffer<float>>)((ref VBuffer<float> dst) =>
            {
                getter(ref buffer);
                buffer.CopyTo(x);
                var editor = VBufferEditor.Create(ref dst, outputs);
                for (int o = 0; o < outputs; o++)
                {
                    double sum = _parent.Bias[o];
                    for (int c = 0; c < width; c++) sum += _parent.Weights[o * width + c] * (double)(x[c] - _parent.FeatureMean[c]);
                    editor.Values[o] = (float)sum;
                }
                dst = editor.Commit();
            });
        }
    }
}

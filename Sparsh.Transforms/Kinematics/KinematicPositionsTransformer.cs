using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Transforms.Core;
using Sparsh.Transforms.Hand;
using Sparsh.Transforms.Onnx;
using Sparsh.Transforms.Xela;

namespace Sparsh.Transforms.Kinematics;

/// <summary>Joint angles [frames, 16] to taxel positions (metres) and normals [frames, taxels, 3] in the palm frame.</summary>
public sealed class KinematicPositionsTransformer : RowMappingTransformer
{
    private readonly KinematicPositionsOptions _options;

    /// <summary>A copy of the options this transformer applies: changing it does not change the transformer.</summary>
    public KinematicPositionsOptions Options => _options.Clone();

    internal KinematicPositionsTransformer(KinematicPositionsOptions options) => _options = options.Clone();

    /// <inheritdoc/>
    protected override RowMapper CreateMapper(DataViewSchema inputSchema) => new Mapper(inputSchema, _options);

    /// <summary>
    /// Saves as ML.NET's OnnxTransformer over this step's ONNX graph (<see cref="KinematicPositionsOnnx"/>), with the
    /// column dimensions of the schema the transformer was last applied to. The saved graph clamps angles to the joint
    /// limits whatever <see cref="KinematicPositionsOptions.JointLimits"/> says: an ONNX graph cannot throw.
    /// </summary>
    public override void Save(ModelSaveContext ctx)
    {
        var schema = OnnxModelSaving.RequireBound(BoundInputSchema, nameof(KinematicPositionsTransformer));
        var output = GetOutputSchema(schema);
        var model = KinematicPositionsOnnx.Export(_options, OnnxModelSaving.Dimensions(schema, _options.InputColumnName),
            OnnxModelSaving.Dimensions(output, _options.OutputColumnName));
        string[] inputs = [_options.InputColumnName];
        var outputs = new List<string> { OnnxShapes.OutputName(_options.OutputColumnName, inputs) };
        if (_options.NormalsColumnName is not null) outputs.Add(OnnxShapes.OutputName(_options.NormalsColumnName, inputs));
        OnnxModelSaving.Save(ctx, model, inputs, outputs, schema);
    }

    private sealed class Mapper : RowMapper
    {
        private readonly KinematicPositionsOptions _options;
        private readonly DataViewSchema.Column _joints;
        private readonly int _frames;

        public Mapper(DataViewSchema schema, KinematicPositionsOptions options) : base(schema)
        {
            _options = options;
            var hand = options.Hand;
            (_joints, _frames) = SchemaChecks.RequireFrames(schema, options.InputColumnName, hand.JointCount,
                $"joint angles in radians, frames x {hand.JointCount} (is the joint stream missing from the recording?)");
            var vector = (VectorDataViewType)_joints.Type;

            bool windowed = vector.Dimensions.Length > 1 || _frames > 1;
            int[] dims = windowed ? [_frames, hand.TaxelCount, XelaSkin.AxisCount] : [hand.TaxelCount, XelaSkin.AxisCount];
            var perFrame = hand.Taxels.SelectMany(t => XelaSkin.AxisNames.Select(axis => $"{t.Name}.{axis}")).ToArray();
            var slotNames = SlotNames.Create(windowed ? SlotNames.ForFrames(perFrame, _frames) : perFrame);
            var type = new VectorDataViewType(NumberDataViewType.Single, dims);
            var columns = new List<OutputColumn> { new(options.OutputColumnName, type, slotNames) };
            if (options.NormalsColumnName != null) columns.Add(new(options.NormalsColumnName, type, slotNames));
            OutputColumns = columns;
        }

        public override IReadOnlyList<OutputColumn> OutputColumns { get; }

        public override IEnumerable<DataViewSchema.Column> Dependencies(IReadOnlyList<int> activeOutputs) => activeOutputs.Count > 0 ? [_joints] : [];

        public override Delegate CreateGetter(DataViewRow input, int outputIndex)
        {
            var hand = _options.Hand;
            var source = KnownSizeVectors.GetGetter<float>(input, _joints);
            var buffer = default(VBuffer<float>);
            var angles = new float[_frames * hand.JointCount];
            int perFrame = hand.TaxelCount * XelaSkin.AxisCount;
            var scratch = new float[perFrame];
            bool normals = outputIndex == 1;
            return (ValueGetter<VBuffer<float>>)((ref VBuffer<float> dst) =>
            {
                source(ref buffer);
                buffer.CopyTo(angles);
                var editor = VBufferEditor.Create(ref dst, _frames * perFrame);
                for (int f = 0; f < _frames; f++)
                {
                    var frameAngles = angles.AsSpan(f * hand.JointCount, hand.JointCount);
                    var output = editor.Values.Slice(f * perFrame, perFrame);
                    if (normals) hand.ComputeTaxelPoses(frameAngles, scratch, output, _options.JointLimits);
                    else hand.ComputeTaxelPoses(frameAngles, output, Span<float>.Empty, _options.JointLimits);
                }
                dst = editor.Commit();
            });
        }
    }
}

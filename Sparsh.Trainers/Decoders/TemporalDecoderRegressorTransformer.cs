using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Trainers.Training;
using Sparsh.Transforms.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Decoders;

/// <summary>
/// A trained temporal decoder. Each window's score depends on the earlier windows of its sequence, so scoring
/// reads the view's windows, runs each sequence once and appends the Score column in row order; it is not a
/// row-to-row mapper.
/// </summary>
public sealed class TemporalDecoderRegressorTransformer : ITransformer
{
    private readonly TemporalDecoderRegressorOptions _options;
    private readonly Device _device;
    private readonly int _tokens;
    private readonly int _width;

    internal TemporalDecoderRegressorTransformer(TemporalDecoderRegressorOptions options, TemporalDecoder decoder, Device device,
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

    /// <summary>The trained TorchSharp module.</summary>
    public TemporalDecoder Decoder { get; }

    /// <summary>Outputs per window.</summary>
    public int OutputCount { get; }

    /// <summary>Per-epoch losses and the epoch kept.</summary>
    public TrainingHistory History { get; }

    /// <inheritdoc/>
    public bool IsRowToRowMapper => false;

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        var (tokens, width) = AttentivePoolerRegressorEstimator.TokenShape(inputSchema, _options.TokensColumnName);
        if (tokens != _tokens || width != _width)
            throw new ArgumentOutOfRangeException(nameof(inputSchema), $"Tokens [{tokens}, {width}] do not match the trained [{_tokens}, {_width}].");
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema);
        builder.AddColumn(_options.ScoreColumnName, new VectorDataViewType(NumberDataViewType.Single, OutputCount));
        return builder.ToSchema();
    }

    /// <inheritdoc/>
    public IDataView Transform(IDataView input)
    {
        var schema = GetOutputSchema(input.Schema);
        var data = SequenceData.Read(input, _options, requireLabels: false, OutputCount);
        var scores = new float[data.Rows * OutputCount];
        int tokenValues = _tokens * _width;
        using (no_grad())
        {
            foreach (var sequence in data.Sequences)
            {
                using var scope = NewDisposeScope();
                var tokens = new float[sequence.Length * tokenValues];
                for (int step = 0; step < sequence.Length; step++)
                    data.Tokens.AsSpan(sequence[step] * tokenValues, tokenValues).CopyTo(tokens.AsSpan(step * tokenValues));
                var output = Decoder.forward(tensor(tokens, [1, sequence.Length, _tokens, _width]).to(_device), null).cpu().data<float>().ToArray();
                for (int step = 0; step < sequence.Length; step++)
                    output.AsSpan(step * OutputCount, OutputCount).CopyTo(scores.AsSpan(sequence[step] * OutputCount));
            }
        }
        return new AppendedColumnDataView(input, schema, scores, OutputCount);
    }

    /// <inheritdoc/>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => throw new NotSupportedException(
        "The temporal decoder scores a window from the windows before it, so it cannot score one row at a time; " +
        "call Transform on a view of whole recordings.");

    /// <inheritdoc/>
    public void Save(ModelSaveContext ctx) => throw new NotSupportedException(
        "TemporalDecoderRegressor is not saved into ML.NET zips (its causal sequence model has no ONNX export yet); save Decoder's weights with TorchSharp.");
}

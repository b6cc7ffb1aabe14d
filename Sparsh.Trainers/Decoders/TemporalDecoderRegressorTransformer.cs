using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Trainers.Encoder;
using Sparsh.Trainers.Training;
using Sparsh.Transforms.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Decoders;

/// <summary>
/// A trained temporal decoder. Frozen: reads the tokens column; FineTune and EndToEnd: the window columns, through its own
/// encoder. Each window's score depends on the earlier windows of its sequence, so scoring reads the view's windows, runs
/// each sequence once and appends the Score column in row order; it is not a row-to-row mapper. Dispose it to free the
/// TorchSharp modules it owns.
/// </summary>
public sealed class TemporalDecoderRegressorTransformer : ITransformer, IDisposable
{
    private readonly TemporalDecoderRegressorOptions _options;
    private readonly nn.Module<Tensor, Tensor?, Tensor> _model;
    private readonly Device _device;
    private bool _disposed;

    internal TemporalDecoderRegressorTransformer(TemporalDecoderRegressorOptions options, nn.Module<Tensor, Tensor?, Tensor> model,
        TemporalDecoder decoder, SparshSkinEncoder? encoder, Device device, int outputs, TrainingHistory history)
    {
        _options = options.Clone();
        _model = model;
        Decoder = decoder;
        Encoder = encoder;
        _device = device;
        OutputCount = outputs;
        History = history;
    }

    /// <summary>The options it was trained with (columns read and written, sequence length); the exports read them.</summary>
    internal TemporalDecoderRegressorOptions Options => _options;

    /// <summary>Windows per training sequence: the context the decoder learned to use.</summary>
    public int SequenceLengthWindows => _options.SequenceLengthWindows;

    /// <summary>The trained temporal decoder module.</summary>
    public TemporalDecoder Decoder { get; }

    /// <summary>FineTune/EndToEnd: the trained encoder; null in Frozen mode.</summary>
    public SparshSkinEncoder? Encoder { get; }

    /// <summary>The mode it was trained in.</summary>
    public DecoderMode Mode => _options.Mode;

    /// <summary>Outputs per window.</summary>
    public int OutputCount { get; }

    /// <summary>Per-epoch losses and the epoch kept.</summary>
    public TrainingHistory History { get; }

    /// <inheritdoc/>
    public bool IsRowToRowMapper => false;

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Encoder is null)
        {
            var (tokens, width) = AttentivePoolerRegressorEstimator.TokenShape(inputSchema, _options.TokensColumnName);
            if (width != Decoder.Width)
                throw new ArgumentOutOfRangeException(nameof(inputSchema), $"Column '{_options.TokensColumnName}' has tokens [{tokens}, {width}]; the decoder was trained on width {Decoder.Width}.");
        }
        else
            _options.EncoderColumns.RequireWindowColumns(inputSchema, Encoder.Config);
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema);
        builder.AddColumn(_options.ScoreColumnName, new VectorDataViewType(NumberDataViewType.Single, OutputCount));
        return builder.ToSchema();
    }

    /// <inheritdoc/>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var schema = GetOutputSchema(input.Schema);
        using var data = SequenceData.Read(input, _options, Encoder?.Config, _device, requireLabels: false, OutputCount);
        var scores = data.Score(_model, OutputCount);
        return new AppendedColumnDataView(input, schema, scores, OutputCount);
    }

    /// <summary>
    /// Disposes the modules it trained and owns: the decoder and, FineTune/EndToEnd, its own encoder (a copy, never the
    /// pretrained encoder passed in the options). A second call does nothing.
    /// </summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        // In Frozen mode the model is the decoder itself; otherwise it holds the encoder and the decoder. Each once, children first.
        Encoder?.Dispose();
        Decoder.Dispose();
        if (!ReferenceEquals(_model, Decoder)) _model.Dispose();
    }

    /// <inheritdoc/>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => throw new NotSupportedException(
        "The temporal decoder scores a window from the windows before it, so it cannot score one row at a time; " +
        "call Transform on a view of whole recordings.");

    /// <inheritdoc/>
    public void Save(ModelSaveContext ctx) => throw new NotSupportedException(
        "TemporalDecoderRegressor is not saved as a step of a window-by-window ML.NET chain: a window's score depends on the windows " +
        "before it, which a row of one window cannot carry. Save the deployable chain whose row is the last N raw windows with " +
        "WindowPreparation.SaveDeployableSequence (TemporalPredictionChainOnnx), or export Decoder alone with TemporalDecoderOnnx.Export " +
        "(docs/deployment.md).");
}

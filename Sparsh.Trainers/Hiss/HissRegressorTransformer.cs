using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Trainers.Decoders;
using Sparsh.Trainers.Training;
using Sparsh.Transforms.Core;
using static TorchSharp.torch;

namespace Sparsh.Trainers.Hiss;

/// <summary>
/// A trained HiSS baseline. Like the temporal decoder, a window's score depends on the earlier windows of its sequence,
/// so scoring reads the view's windows, runs each sequence once and appends the Score column in row order; it is not a
/// row-to-row mapper. Dispose it to free the TorchSharp module it owns.
/// </summary>
public sealed class HissRegressorTransformer : ITransformer, IDisposable
{
    private readonly HissRegressorOptions _options;
    private readonly HissInputShape _shape;
    private readonly Device _device;
    private bool _disposed;

    internal HissRegressorTransformer(HissRegressorOptions options, HissModel model, HissInputShape shape, Device device, int outputs, TrainingHistory history)
    {
        _options = options.Clone();
        Model = model;
        _shape = shape;
        _device = device;
        OutputCount = outputs;
        History = history;
    }

    /// <summary>The trained two-level model.</summary>
    public HissModel Model { get; }

    /// <summary>Frames per window and values per frame the model reads.</summary>
    public HissInputShape InputShape => _shape;

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
        var shape = HissInputShape.Of(inputSchema, _options.MagneticColumnName);
        if (shape != _shape)
            throw new ArgumentOutOfRangeException(nameof(inputSchema),
                $"Column '{_options.MagneticColumnName}' holds {shape.Frames} frames of {shape.ValuesPerFrame} values; the model was trained on {_shape.Frames} frames of {_shape.ValuesPerFrame}.");
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
        using var data = SequenceData.Read(input, _options, requireLabels: false, OutputCount, () => HissInputs.Read(input, _options, _shape, _device));
        return new AppendedColumnDataView(input, schema, data.Score(Model, OutputCount), OutputCount);
    }

    /// <summary>Disposes the model. A second call does nothing.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Model.Dispose();
    }

    /// <inheritdoc/>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => throw new NotSupportedException(
        "HiSS scores a window from the windows before it, so it cannot score one row at a time; call Transform on a view of whole recordings.");

    /// <inheritdoc/>
    public void Save(ModelSaveContext ctx) => throw new NotSupportedException(
        "HissRegressor is a baseline for comparisons and is not saved into ML.NET zips (a window's score depends on the windows " +
        "before it); save Model's weights with TorchSharp (Model.save) if you need to keep it.");
}

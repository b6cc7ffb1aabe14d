using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Transforms.Core;
using Sparsh.Transforms.Xela;

namespace Sparsh.Transforms.Windowing;

/// <summary>
/// Turns a frame-per-row view (100 Hz) into a window-per-row view: [frames, ...] stacks of the windowed
/// columns, the recording id, the window start time and labels aligned to the window end (or averaged).
/// Windows never cross a recording boundary or a gap longer than <see cref="XelaWindowingOptions.MaxGapSeconds"/>.
/// </summary>
public sealed class XelaWindowingEstimator : IEstimator<XelaWindowingTransformer>
{
    private readonly XelaWindowingOptions _options;
    private readonly MLContext? _mlContext;

    /// <summary>
    /// Creates the estimator with a copy of <paramref name="options"/>; throws on inconsistent options. With
    /// <paramref name="mlContext"/>, recordings that lose windows to gaps are logged through its <c>Log</c>.
    /// </summary>
    internal XelaWindowingEstimator(XelaWindowingOptions options, MLContext? mlContext = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Clone();
        _options.Validate();
        _mlContext = mlContext;
    }

    /// <inheritdoc/>
    public XelaWindowingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var transformer = new XelaWindowingTransformer(_options, _mlContext);
        transformer.GetOutputSchema(input.Schema); // fail now, naming the column, rather than at first cursor
        return transformer;
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var columns = new List<SchemaShape.Column>();
        Require(inputSchema, _options.RecordingIdColumnName, "the recording id (text)", out var id);
        Require(inputSchema, _options.TimestampColumnName, "frame timestamps in seconds (double)", out _);
        columns.Add(id);
        columns.Add(SchemaShapes.Column(_options.WindowStartColumnName, NumberDataViewType.Double));
        foreach (var name in XelaWindowingTransformer.PassThroughColumns(_options, name => SchemaShapes.TryFind(inputSchema, name, out _)))
        {
            Require(inputSchema, name, "a per-recording scalar column to carry to windows", out var column);
            columns.Add(column);
        }
        var windowed = _options.WindowedColumnNames
            ?? XelaWindowingTransformer.DefaultWindowedColumns(name => SchemaShapes.TryFind(inputSchema, name, out _));
        foreach (var name in windowed.Concat(_options.LabelColumnNames))
        {
            Require(inputSchema, name, "a per-frame vector column", out var column);
            columns.Add(SchemaShapes.Column(name, column.Kind, column.ItemType));
        }
        return new SchemaShape(columns);
    }

    private static void Require(SchemaShape shape, string name, string what, out SchemaShape.Column column)
    {
        if (!SchemaShapes.TryFind(shape, name, out column))
            throw new ArgumentOutOfRangeException(nameof(shape), $"Input column '{name}' not found; expected {what}.");
    }
}

using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Transforms.Core;
using Sparsh.Transforms.Xela;

namespace Sparsh.Transforms.Windowing;

/// <summary>
/// Frames to windows. This changes the number of rows, so it is not a row-to-row mapper: it runs in
/// training and evaluation pipelines, while live apps assemble windows from a frame stream themselves.
/// </summary>
public sealed class XelaWindowingTransformer : ITransformer
{
    private readonly XelaWindowingOptions _options;
    private readonly MLContext? _mlContext;

    /// <summary>A copy of the options this transformer applies: changing it does not change the transformer.</summary>
    public XelaWindowingOptions Options => _options.Clone();

    internal XelaWindowingTransformer(XelaWindowingOptions options, MLContext? mlContext)
    {
        _options = options.Clone();
        _mlContext = mlContext;
    }

    /// <inheritdoc/>
    public bool IsRowToRowMapper => false;

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return XelaWindowedDataView.Bind(inputSchema, _options).Schema;
    }

    /// <summary>
    /// Windows of <paramref name="input"/>, read lazily. The recording id and timestamp columns are read once now to count
    /// windows per recording (<see cref="XelaWindowedDataView.Reports"/>); recordings that lost windows to gaps are logged
    /// through <c>MLContext.Log</c> when the transformer has a context (the catalog's <c>XelaWindowing</c> gives it one).
    /// </summary>
    /// <exception cref="InvalidDataException">A recording yields no window, or a timestamp is not finite or not increasing within its recording.</exception>
    public XelaWindowedDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var windows = new XelaWindowedDataView(input, _options);
        if (_mlContext is not null)
        {
            using var log = new TrainingLog<RecordingWindowReport>(_mlContext, "XelaWindowing", progress: null);
            foreach (var report in windows.Reports.Where(r => !r.IsComplete)) log.Info(report.ToString());
        }
        return windows;
    }

    IDataView ITransformer.Transform(IDataView input) => Transform(input);

    /// <inheritdoc/>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => throw new NotSupportedException(
        "XelaWindowing turns frames into windows (fewer rows), so it cannot run row by row in a PredictionEngine. " +
        "Window live frames before scoring and feed the windowed columns to the model.");

    /// <inheritdoc/>
    public void Save(ModelSaveContext ctx) => throw new NotSupportedException(
        "XelaWindowing is a training-time step and is not saved into model zips: save the model fitted on windowed data, " +
        "and window live frames in the app.");

    internal static IList<string> PassThroughColumns(XelaWindowingOptions options, Func<string, bool> inputHas)
        => options.PassThroughColumnNames ?? (inputHas(Frames.FrameColumns.SkinId) ? [Frames.FrameColumns.SkinId] : []);

    internal static IList<string> DefaultWindowedColumns(Func<string, bool> inputHas)
    {
        var names = new List<string> { XelaColumnNames.Magnetic, XelaColumnNames.JointAngles };
        if (inputHas(XelaColumnNames.Validity)) names.Add(XelaColumnNames.Validity);
        return names;
    }
}

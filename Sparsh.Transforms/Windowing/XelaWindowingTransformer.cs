using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Transforms.Xela;

namespace Sparsh.Transforms.Windowing;

/// <summary>
/// Frames to windows. This changes the number of rows, so it is not a row-to-row mapper: it runs in
/// training and evaluation pipelines, while live apps assemble windows from a frame stream themselves.
/// </summary>
public sealed class XelaWindowingTransformer : ITransformer
{
    private readonly XelaWindowingOptions _options;

    /// <summary>A copy of the options this transformer applies: changing it does not change the transformer.</summary>
    public XelaWindowingOptions Options => _options.Clone();

    internal XelaWindowingTransformer(XelaWindowingOptions options) => _options = options.Clone();

    /// <inheritdoc/>
    public bool IsRowToRowMapper => false;

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return WindowedDataView.Bind(inputSchema, _options).Schema;
    }

    /// <inheritdoc/>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new WindowedDataView(input, _options);
    }

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

using Microsoft.ML;
using Microsoft.ML.Data;

namespace Sparsh.Transforms.Core;

/// <summary>
/// Base of the project's row-to-row transformers: fitted state lives in the derived class, the per-row
/// work in a <see cref="RowMapper"/> it creates for a given input schema. Works in pipelines, in
/// <c>Transform</c> and in prediction engines.
/// </summary>
public abstract class RowMappingTransformer : ITransformer
{
    private DataViewSchema? _boundInputSchema;

    /// <summary>Creates the mapper for an input schema, validating the input columns.</summary>
    protected abstract RowMapper CreateMapper(DataViewSchema inputSchema);

    /// <summary>
    /// The input schema this transformer was last applied to (null before first use). Saving needs it: the ONNX graph
    /// a transformer saves as has the fixed dimensions of its columns, which only the bound schema knows.
    /// </summary>
    protected DataViewSchema? BoundInputSchema => Volatile.Read(ref _boundInputSchema);

    /// <inheritdoc/>
    public bool IsRowToRowMapper => true;

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => MappedRow.BuildSchema(inputSchema, Bind(inputSchema));

    /// <inheritdoc/>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new MappedDataView(input, Bind(input.Schema));
    }

    /// <inheritdoc/>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => new BoundRowMapper(Bind(inputSchema));

    /// <summary>
    /// ML.NET persists only its own transformer types; Sparsh transformers save by delegating to an
    /// ONNX-backed transformer. Until a component supports that, saving says so clearly.
    /// </summary>
    public virtual void Save(ModelSaveContext ctx) => throw new NotSupportedException(
        $"{GetType().Name} cannot be saved into an ML.NET model zip yet: ML.NET only persists its built-in transformer types, " +
        "and this component has no ONNX export. Keep the fitted transformer in memory or save its state with the component's own API.");

    private RowMapper Bind(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var mapper = CreateMapper(inputSchema);
        Volatile.Write(ref _boundInputSchema, inputSchema);
        return mapper;
    }
}

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
    /// <summary>Creates the mapper for an input schema, validating the input columns.</summary>
    protected abstract RowMapper CreateMapper(DataViewSchema inputSchema);

    /// <inheritdoc/>
    public bool IsRowToRowMapper => true;

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => MappedRow.BuildSchema(inputSchema, CreateMapper(inputSchema));

    /// <inheritdoc/>
    public IDataView Transform(IDataView input) => new MappedDataView(input, CreateMapper(input.Schema));

    /// <inheritdoc/>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => new BoundRowMapper(CreateMapper(inputSchema));

    /// <summary>
    /// ML.NET persists only its own transformer types; Sparsh transformers save by delegating to an
    /// ONNX-backed transformer. Until a component supports that, saving says so clearly.
    /// </summary>
    public virtual void Save(ModelSaveContext ctx) => throw new NotSupportedException(
        $"{GetType().Name} cannot be saved into an ML.NET model zip yet: ML.NET only persists its built-in transformer types, " +
        "and this component has no ONNX export. Keep the fitted transformer in memory or save its state with the component's own API.");
}

using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Transforms.Core;

namespace Sparsh.Transforms.Slots;

/// <summary>Estimator for <see cref="SlotSelectingTransformer"/> (one slot of a vector as a float column).</summary>
internal sealed class SlotSelectingEstimator(string outputColumnName, string inputColumnName, int slot) : IEstimator<SlotSelectingTransformer>
{
    /// <inheritdoc/>
    public SlotSelectingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var transformer = new SlotSelectingTransformer(outputColumnName, inputColumnName, slot);
        transformer.GetOutputSchema(input.Schema);
        return transformer;
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        SchemaChecks.RequireFloatVector(inputSchema, inputColumnName, "a float vector");
        return SchemaShapes.Append(inputSchema, [new(outputColumnName, NumberDataViewType.Single)]);
    }
}

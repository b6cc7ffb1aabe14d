using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Transforms.Core;
using Sparsh.Transforms.Preprocessing;
using Sparsh.Transforms.Xela;

namespace Sparsh.Transforms.Normalization;

/// <summary>
/// Tares magnetic readings with a rest baseline and scales each axis by one global mean/std, as the
/// reference preprocessing does. The statistics are fitted on the training view (invalid zeros excluded)
/// unless given, and kept as the transformer's state.
/// </summary>
public sealed class XelaNormalizationEstimator : IEstimator<XelaNormalizationTransformer>
{
    private readonly XelaNormalizationOptions _options;

    /// <summary>Creates the estimator with a copy of <paramref name="options"/>.</summary>
    internal XelaNormalizationEstimator(XelaNormalizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Clone();
        _options.Validate();
    }

    /// <inheritdoc/>
    public XelaNormalizationTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var column = XelaNormalizationTransformer.RequireMagnetic(input.Schema, _options.InputColumnName);
        var statistics = _options.Statistics ?? FitStatistics(input, column);
        return new XelaNormalizationTransformer(_options, statistics);
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        SchemaChecks.RequireFloatVector(inputSchema, _options.InputColumnName, "magnetic counts (frames x 368 x 3)");
        return SchemaShapes.Append(inputSchema, [new(_options.OutputColumnName, new VectorDataViewType(NumberDataViewType.Single))]);
    }

    private MagneticChannelStatistics FitStatistics(IDataView input, DataViewSchema.Column column)
    {
        int length = ((VectorDataViewType)column.Type).Size;
        var tared = new float[length];
        var buffer = default(VBuffer<float>);
        using var cursor = input.GetRowCursor([column]);
        var getter = KnownSizeVectors.GetGetter<float>(cursor, column);
        IEnumerable<ReadOnlyMemory<float>> Rows()
        {
            while (cursor.MoveNext())
            {
                getter(ref buffer);
                buffer.CopyTo(tared);
                _options.Baseline?.Subtract(tared);
                yield return tared;
            }
        }
        try
        {
            return MagneticChannelStatistics.Fit(Rows());
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException($"Cannot fit normalisation statistics on column '{column.Name}': {e.Message}", e);
        }
    }
}

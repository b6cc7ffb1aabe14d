using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Transforms.Core;

namespace Sparsh.Transforms.Kinematics;

/// <summary>
/// Adds per-frame taxel positions (and optionally normals) computed from joint angles by the hand's
/// forward kinematics. Nothing to learn: <see cref="Fit"/> only checks the input schema.
/// </summary>
public sealed class KinematicPositionsEstimator : IEstimator<KinematicPositionsTransformer>
{
    private readonly KinematicPositionsOptions _options;

    /// <summary>Creates the estimator with a copy of <paramref name="options"/>.</summary>
    internal KinematicPositionsEstimator(KinematicPositionsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Clone();
        _options.Validate();
    }

    /// <inheritdoc/>
    public KinematicPositionsTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var transformer = new KinematicPositionsTransformer(_options);
        transformer.GetOutputSchema(input.Schema);
        return transformer;
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        SchemaChecks.RequireFloatVector(inputSchema, _options.InputColumnName, "joint angles in radians (frames x 16)");
        var vector = new VectorDataViewType(NumberDataViewType.Single);
        var added = new List<OutputColumn> { new(_options.OutputColumnName, vector) };
        if (_options.NormalsColumnName != null) added.Add(new(_options.NormalsColumnName, vector));
        return SchemaShapes.Append(inputSchema, added);
    }
}

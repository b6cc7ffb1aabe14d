using Microsoft.ML;
using Sparsh.Transforms.Core;

namespace Sparsh.Transforms.Validity;

/// <summary>
/// Flags raw Xela readings outside the valid range (or NaN/Inf) and zeroes them, adding a per-taxel
/// validity mask. Nothing to learn: <see cref="Fit"/> only checks the input schema.
/// </summary>
public sealed class XelaValidityEstimator : IEstimator<XelaValidityTransformer>
{
    private readonly XelaValidityOptions _options;

    /// <summary>Creates the estimator; throws if the valid range is empty.</summary>
    public XelaValidityEstimator(XelaValidityOptions options)
    {
        if (!(options.ValidMinCounts < options.ValidMaxCounts))
            throw new ArgumentOutOfRangeException(nameof(options),
                $"ValidMinCounts ({options.ValidMinCounts}) must be below ValidMaxCounts ({options.ValidMaxCounts}).");
        _options = options;
    }

    /// <inheritdoc/>
    public XelaValidityTransformer Fit(IDataView input)
    {
        var transformer = new XelaValidityTransformer(_options);
        transformer.GetOutputSchema(input.Schema); // validates the input column now, not at first use
        return transformer;
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        SchemaChecks.RequireFloatVector(inputSchema, _options.InputColumnName, "raw magnetic counts (frames x 368 x 3)");
        // Exact dimensions are only known from a real schema; shapes carry kind and item type.
        return SchemaShapes.Append(inputSchema, XelaValidityTransformer.ShapeColumns(_options));
    }
}

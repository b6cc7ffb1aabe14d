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

    /// <summary>Creates the estimator with a copy of <paramref name="options"/>; throws if the valid range is empty.</summary>
    internal XelaValidityEstimator(XelaValidityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Clone();
        _options.Validate();
    }

    /// <inheritdoc/>
    public XelaValidityTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var transformer = new XelaValidityTransformer(_options);
        transformer.GetOutputSchema(input.Schema); // validates the input column now, not at first use
        return transformer;
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        SchemaChecks.RequireFloatVector(inputSchema, _options.InputColumnName, "raw magnetic counts (frames x 368 x 3)");
        // Exact dimensions are only known from a real schema; shapes carry kind and item type.
        return SchemaShapes.Append(inputSchema, XelaValidityTransformer.ShapeColumns(_options));
    }
}

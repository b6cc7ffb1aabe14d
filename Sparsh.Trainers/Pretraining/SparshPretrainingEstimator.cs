using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Trainers.Encoder;
using Sparsh.Transforms.Core;

namespace Sparsh.Trainers.Pretraining;

/// <summary>
/// Pretrains a Sparsh-skin encoder on windows (normalised <c>Magnetic</c> [10, 368, 3], <c>TaxelPositions</c>
/// [10, 368, 3] metres, optional <c>Validity</c> [10, 368]) and returns a transformer that adds the global
/// embedding [D] and all tokens [369, D].
/// </summary>
public sealed class SparshPretrainingEstimator : IEstimator<SparshSkinEncoderTransformer>
{
    private readonly MLContext _mlContext;
    private readonly SparshPretrainingOptions _options;

    /// <summary>Creates the estimator with a copy of <paramref name="options"/>, validated here.</summary>
    internal SparshPretrainingEstimator(MLContext mlContext, SparshPretrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(options);
        _mlContext = mlContext;
        _options = options.Clone();
        _options.Validate();
    }

    /// <inheritdoc/>
    public SparshSkinEncoderTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var training = WindowSet.Read(input, _options.Encoder, _options.Columns);
        var validation = _options.ValidationData is { } held ? WindowSet.Read(held, _options.Encoder, _options.Columns) : null;
        using var trainer = new SparshPretrainer(_options);
        var probes = _options.Probes.Select(p => new EncoderProbe(p, _options.Encoder, _options.Columns)).ToList();
        var encoder = trainer.Run(_mlContext, training, validation, probes);
        return new SparshSkinEncoderTransformer(encoder, _options.Columns);
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        SchemaChecks.RequireFloatVector(inputSchema, _options.Columns.MagneticColumnName, "normalised flux [10, 368, 3]");
        SchemaChecks.RequireFloatVector(inputSchema, _options.Columns.TaxelPositionsColumnName, "taxel positions [10, 368, 3]");
        return SchemaShapes.Append(inputSchema, SparshSkinEncoderTransformer.OutputColumnsOf(_options.Encoder, _options.Columns));
    }
}

using Microsoft.ML;
using Microsoft.ML.Data;
using Sparsh.Transforms.Core;

namespace Sparsh.Trainers.LinearProbe;

/// <summary>
/// Fits a multi-output linear probe (features -> labels) by ridge regression in closed form on standardised features
/// (deterministic, no iterations); the fitted transformer is a plain affine map, Score = W (x - mean) + c, and needs no TorchSharp.
/// </summary>
public sealed class LinearProbeEstimator : IEstimator<LinearProbeTransformer>
{
    private readonly MLContext _mlContext;
    private readonly LinearProbeOptions _options;

    /// <summary>Creates the estimator with a copy of <paramref name="options"/>, validated here.</summary>
    public LinearProbeEstimator(MLContext mlContext, LinearProbeOptions options)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(options);
        _mlContext = mlContext;
        _options = options.Clone();
        _options.Validate();
    }

    /// <inheritdoc/>
    public LinearProbeTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (rows, values) = DataViewReader.ReadFloatColumns(input, _options.FeatureColumnName, _options.LabelColumnName);
        if (rows == 0) throw new InvalidOperationException($"No training rows in columns '{_options.FeatureColumnName}'/'{_options.LabelColumnName}'.");
        var (weights, featureMean, labelMean) = RidgeRegression.Fit(values[0], values[1], rows, _options.L2Regularization);
        using var log = new TrainingLog<double>(_mlContext, nameof(LinearProbeEstimator), null);
        log.Info($"ridge fit on {rows} rows, {values[0].Length / rows} features -> {labelMean.Length} outputs, lambda {_options.L2Regularization:G3}");
        return new LinearProbeTransformer(_options, weights, featureMean, labelMean);
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        SchemaChecks.RequireFloatVector(inputSchema, _options.FeatureColumnName, "features");
        return SchemaShapes.Append(inputSchema, [new(_options.ScoreColumnName, new VectorDataViewType(NumberDataViewType.Single))]);
    }
}

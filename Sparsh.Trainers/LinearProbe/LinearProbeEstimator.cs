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
    internal LinearProbeEstimator(MLContext mlContext, LinearProbeOptions options)
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
        int width = values[0].Length / rows;
        using var log = new TrainingLog<double>(_mlContext, nameof(LinearProbeEstimator), null);
        if (_options.Features == LinearProbeFeatures.AsGiven)
        {
            var (weights, featureMean, labelMean) = RidgeRegression.Fit(values[0], values[1], rows, _options.L2Regularization);
            log.Info($"ridge fit on {rows} rows, {width} features -> {labelMean.Length} outputs, lambda {_options.L2Regularization:G3}");
            return new LinearProbeTransformer(_options, weights, featureMean, labelMean);
        }
        if (_options.Features == LinearProbeFeatures.FrameMean)
        {
            var (frames, frameWidth) = FrameShape(input.Schema);
            var frameMean = RidgeRegression.Fit(TokenPooling.FrameMean(values[0], rows, frames, frameWidth), values[1], rows, _options.L2Regularization);
            log.Info($"ridge fit on {rows} rows, mean over {frames} frames of {frameWidth} values -> {frameMean.LabelMean.Length} outputs, lambda {_options.L2Regularization:G3}");
            var (frameWeights, frameCentre) = TokenPooling.ExpandFrames(frameMean.Weights, frameMean.FeatureMean, frames, frameWidth);
            return new LinearProbeTransformer(_options, frameWeights, frameCentre, frameMean.LabelMean);
        }
        var tokens = TokenShape(input.Schema);
        var pooled = TokenPooling.RegisterAndMeanTaxelToken(values[0], rows, tokens.Count, tokens.Width);
        var fit = RidgeRegression.Fit(pooled, values[1], rows, _options.L2Regularization);
        log.Info($"ridge fit on {rows} rows, register and mean taxel token of {tokens.Count} x {tokens.Width} tokens -> {fit.LabelMean.Length} outputs, lambda {_options.L2Regularization:G3}");
        // The same map over every token: W_register on the register, W_mean / taxels on each taxel token, centred alike.
        var (fullWeights, fullMean) = TokenPooling.Expand(fit.Weights, fit.FeatureMean, tokens.Count, tokens.Width);
        return new LinearProbeTransformer(_options, fullWeights, fullMean, fit.LabelMean);
    }

    // The frame mean needs the frame axis: the column's first dimension, with at least one more.
    private (int Frames, int Width) FrameShape(DataViewSchema schema)
    {
        var type = schema[_options.FeatureColumnName].Type as VectorDataViewType;
        if (type is null || type.Dimensions.Length < 2 || type.Size == 0)
            throw new InvalidOperationException($"Column '{_options.FeatureColumnName}': {nameof(LinearProbeFeatures.FrameMean)} needs windows [frames, ...] " +
                $"(e.g. the normalised flux [10, 368, 3]), got {schema[_options.FeatureColumnName].Type}.");
        return (type.Dimensions[0], type.Size / type.Dimensions[0]);
    }

    // Pooling needs the token grid, [1 + taxels, D], from the column's dimensions.
    private (int Count, int Width) TokenShape(DataViewSchema schema)
    {
        var type = schema[_options.FeatureColumnName].Type as VectorDataViewType;
        if (type is null || type.Dimensions.Length != 2 || type.Dimensions[0] < 2 || type.Dimensions[1] < 1)
            throw new InvalidOperationException($"Column '{_options.FeatureColumnName}': {nameof(LinearProbeFeatures.RegisterAndMeanTaxelToken)} needs encoder tokens " +
                $"[1 + taxels, D] (register first), got {schema[_options.FeatureColumnName].Type}.");
        return (type.Dimensions[0], type.Dimensions[1]);
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        SchemaChecks.RequireFloatVector(inputSchema, _options.FeatureColumnName, "features");
        return SchemaShapes.Append(inputSchema, [new(_options.ScoreColumnName, new VectorDataViewType(NumberDataViewType.Single))]);
    }
}

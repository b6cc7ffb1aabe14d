using TorchSharp;
using static TorchSharp.torch;

namespace Sparsh.Trainers.LinearProbe;

/// <summary>
/// Multi-output ridge regression in closed form, in double precision: features standardised on the training rows, labels
/// centred, (X'X + lambda n I) W = X'Y solved once. No random draws and no iterations, so a fit is exact and repeatable,
/// and the penalty (per training row, on standardised features) keeps the map from extrapolating wildly when there are few
/// rows, which is what a linear probe on a few labelled recordings needs.
/// </summary>
internal static class RidgeRegression
{
    // Below this spread a feature is treated as constant: its weight is zero rather than its rounding noise scaled up.
    private const double ConstantFeatureStd = 1e-6;

    /// <summary>
    /// Fits y = (x - mean) W + c on <paramref name="x"/> [rows, features] and <paramref name="y"/> [rows, outputs]; returns W
    /// [features, outputs] in raw feature units, the features' mean [features] and c, the labels' mean [outputs], as float64
    /// tensors on <paramref name="x"/>'s device. Kept centred rather than folded into one bias: a feature with a small spread
    /// gets a large raw weight, and b = c - mean W would cancel large terms in float32 at inference.
    /// </summary>
    public static (Tensor Weights, Tensor FeatureMean, Tensor LabelMean) Fit(Tensor x, Tensor y, double lambdaPerRow)
    {
        if (!(lambdaPerRow > 0)) throw new ArgumentOutOfRangeException(nameof(lambdaPerRow), $"The ridge penalty must be positive, got {lambdaPerRow}.");
        using var scope = NewDisposeScope();
        var features = x.to_type(ScalarType.Float64);
        var labels = y.to_type(ScalarType.Float64);
        long rows = features.shape[0], width = features.shape[1];
        var mean = features.mean([0], keepdim: true);
        var std = features.std(0, unbiased: false, keepdim: true);
        var inverseScale = where(std > ConstantFeatureStd, std.reciprocal(), zeros_like(std));
        var standardised = (features - mean) * inverseScale;
        var labelMean = labels.mean([0], keepdim: true);
        var gram = standardised.t().matmul(standardised) + eye(width, dtype: ScalarType.Float64, device: x.device) * (lambdaPerRow * rows);
        var weights = linalg.solve(gram, standardised.t().matmul(labels - labelMean)) * inverseScale.t();
        return (weights.MoveToOuterDisposeScope(), mean.squeeze(0).MoveToOuterDisposeScope(), labelMean.squeeze(0).MoveToOuterDisposeScope());
    }

    /// <summary>Predictions (x - mean) W + c of a fit, in float64.</summary>
    public static Tensor Predict(Tensor x, (Tensor Weights, Tensor FeatureMean, Tensor LabelMean) fit)
        => (x.to_type(ScalarType.Float64) - fit.FeatureMean).matmul(fit.Weights) + fit.LabelMean;

    /// <summary>The fit of <see cref="Fit(Tensor, Tensor, double)"/> on host arrays (row-major); weights come back [outputs, features].</summary>
    public static (float[] Weights, float[] FeatureMean, float[] LabelMean) Fit(float[] x, float[] y, int rows, double lambdaPerRow)
    {
        using var scope = NewDisposeScope();
        var (weights, featureMean, labelMean) = Fit(tensor(x, [rows, x.Length / rows]), tensor(y, [rows, y.Length / rows]), lambdaPerRow);
        return (Floats(weights.t().contiguous()), Floats(featureMean), Floats(labelMean));

        static float[] Floats(Tensor t) => t.to_type(ScalarType.Float32).data<float>().ToArray();
    }
}

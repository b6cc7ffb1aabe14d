using Sparsh.Transforms.Xela;

namespace Sparsh.Trainers.LinearProbe;

/// <summary>Options of <see cref="LinearProbeEstimator"/>: a multi-output linear map fitted by ridge regression.</summary>
public sealed class LinearProbeOptions
{
    /// <summary>Input feature column: a known-size float vector (e.g. pooled encoder embeddings).</summary>
    public string FeatureColumnName { get; set; } = "Features";

    /// <summary>Label column: a float or known-size float vector (e.g. force [3] in newtons).</summary>
    public string LabelColumnName { get; set; } = XelaColumnNames.Label;

    /// <summary>Output column: one score per label component.</summary>
    public string ScoreColumnName { get; set; } = XelaColumnNames.Score;

    /// <summary>What the probe reads from <see cref="FeatureColumnName"/>: the values as given, or pooled encoder tokens.</summary>
    public LinearProbeFeatures Features { get; set; } = LinearProbeFeatures.AsGiven;

    /// <summary>
    /// Ridge penalty per training window on standardised features (the closed-form fit's lambda). Larger values pull the
    /// map towards the label mean; choose it on validation recordings (the sample-efficiency study does).
    /// </summary>
    public double L2Regularization { get; set; } = 1e-2;

    /// <summary>A copy: estimators and transformers keep their own, so changing this object later changes nothing fitted.</summary>
    public LinearProbeOptions Clone() => (LinearProbeOptions)MemberwiseClone();

    /// <summary>Throws naming the first invalid option.</summary>
    public void Validate()
    {
        if (!(L2Regularization > 0) || double.IsInfinity(L2Regularization))
            throw new ArgumentOutOfRangeException(nameof(L2Regularization), $"L2Regularization must be positive and finite, got {L2Regularization}.");
    }
}

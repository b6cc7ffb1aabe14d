using Sparsh.Transforms.Xela;

namespace Sparsh.Trainers.LinearProbe;

/// <summary>Options of <see cref="LinearProbeEstimator"/>: a multi-output linear map trained with AdamW.</summary>
public sealed class LinearProbeOptions
{
    /// <summary>Input feature column: a known-size float vector (e.g. pooled encoder embeddings).</summary>
    public string FeatureColumnName { get; set; } = "Features";

    /// <summary>Label column: a float or known-size float vector (e.g. force [3] in newtons).</summary>
    public string LabelColumnName { get; set; } = XelaColumnNames.Label;

    /// <summary>Output column: one score per label component.</summary>
    public string ScoreColumnName { get; set; } = XelaColumnNames.Score;

    /// <summary>Passes over the training data.</summary>
    public int Epochs { get; set; } = 200;

    /// <summary>AdamW learning rate.</summary>
    public double LearningRate { get; set; } = 1e-2;

    /// <summary>AdamW decoupled weight decay.</summary>
    public double WeightDecay { get; set; } = 1e-4;

    /// <summary>Seed for weight initialisation.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>"cpu", "cuda" or "auto".</summary>
    public string Device { get; set; } = "cpu";

    /// <summary>A copy: estimators and transformers keep their own, so changing this object later changes nothing fitted.</summary>
    public LinearProbeOptions Clone() => (LinearProbeOptions)MemberwiseClone();

    /// <summary>Throws naming the first invalid option.</summary>
    public void Validate()
    {
        if (Epochs < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), $"Epochs must be at least 1, got {Epochs}.");
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), $"LearningRate must be positive, got {LearningRate}.");
    }
}

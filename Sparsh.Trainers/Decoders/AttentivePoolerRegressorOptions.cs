namespace Sparsh.Trainers.Decoders;

/// <summary>Options of <see cref="AttentivePoolerRegressorEstimator"/>: an attentive-pooler decoder predicting a label vector from one window.</summary>
public sealed class AttentivePoolerRegressorOptions : DecoderTrainingOptions
{
    /// <summary>Optional bool vector [tokens]: false tokens are excluded from the pooler's attention.</summary>
    public string? TokenValidityColumnName { get; set; }

    /// <summary>Width of the MLP's hidden layers; null uses a quarter of the token width (d/4).</summary>
    public int? HiddenWidth { get; set; }

    /// <summary>Hidden layers in the MLP after the pooler (1 = d -> hidden -> outputs).</summary>
    public int MlpDepth { get; set; } = 1;

    /// <summary>A copy with its own lists: estimators and transformers keep one, so changing this object later changes nothing fitted.</summary>
    public AttentivePoolerRegressorOptions Clone() => (AttentivePoolerRegressorOptions)CopyCore();

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        if (HiddenWidth is < 1) throw new ArgumentOutOfRangeException(nameof(HiddenWidth), $"HiddenWidth must be at least 1 or null, got {HiddenWidth}.");
        if (MlpDepth < 1) throw new ArgumentOutOfRangeException(nameof(MlpDepth), $"MlpDepth must be at least 1, got {MlpDepth}.");
    }
}

using Sparsh.Transforms.Xela;

namespace Sparsh.Transforms.Validity;

/// <summary>Options of <see cref="XelaValidityEstimator"/>.</summary>
public sealed class XelaValidityOptions
{
    /// <summary>Raw magnetic column: float vector of frames x 368 x 3 counts.</summary>
    public string InputColumnName { get; set; } = XelaColumnNames.Magnetic;

    /// <summary>Output magnetic column with invalid values set to zero (may equal the input to replace it).</summary>
    public string OutputColumnName { get; set; } = XelaColumnNames.Magnetic;

    /// <summary>Output validity column: bool vector of frames x 368, false where any axis of a taxel is invalid.</summary>
    public string ValidityColumnName { get; set; } = XelaColumnNames.Validity;

    /// <summary>Smallest valid reading in counts.</summary>
    public float ValidMinCounts { get; set; } = XelaSkin.ValidMinCounts;

    /// <summary>Largest valid reading in counts.</summary>
    public float ValidMaxCounts { get; set; } = XelaSkin.ValidMaxCounts;

    /// <summary>A copy: estimators and transformers keep their own, so changing the caller's object later changes nothing fitted.</summary>
    public XelaValidityOptions Clone() => (XelaValidityOptions)MemberwiseClone();

    /// <summary>Throws naming the first invalid option.</summary>
    public void Validate()
    {
        if (!(ValidMinCounts < ValidMaxCounts))
            throw new ArgumentOutOfRangeException(nameof(ValidMinCounts),
                $"ValidMinCounts must be below ValidMaxCounts ({ValidMaxCounts}), got {ValidMinCounts}.");
    }
}

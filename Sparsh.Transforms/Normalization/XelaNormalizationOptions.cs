using Sparsh.Transforms.Preprocessing;
using Sparsh.Transforms.Xela;

namespace Sparsh.Transforms.Normalization;

/// <summary>Options of <see cref="XelaNormalizationEstimator"/>.</summary>
public sealed class XelaNormalizationOptions
{
    /// <summary>Magnetic counts: frames x 368 x 3, zeros marking invalid values (as after validity flagging).</summary>
    public string InputColumnName { get; set; } = XelaColumnNames.Magnetic;

    /// <summary>Output column of tared, normalised values (may equal the input to replace it).</summary>
    public string OutputColumnName { get; set; } = XelaColumnNames.Magnetic;

    /// <summary>Per taxel-axis rest level (counts) subtracted first, e.g. <see cref="TaxelBaseline.FromRest(Recordings.XelaRecording, float, float)"/>; null skips taring.</summary>
    public TaxelBaseline? Baseline { get; set; }

    /// <summary>Per-axis mean/std to apply; null fits them on the training data at <c>Fit</c>.</summary>
    public MagneticChannelStatistics? Statistics { get; set; }

    /// <summary>
    /// A copy: estimators and transformers keep their own, so changing the caller's object later changes nothing fitted.
    /// <see cref="Baseline"/> and <see cref="Statistics"/> are shared, not copied: both are immutable.
    /// </summary>
    public XelaNormalizationOptions Clone() => (XelaNormalizationOptions)MemberwiseClone();

    /// <summary>Throws naming the first invalid option.</summary>
    public void Validate()
    {
        if (string.IsNullOrEmpty(InputColumnName))
            throw new ArgumentException($"InputColumnName must be a column name, got '{InputColumnName}'.", nameof(InputColumnName));
        if (string.IsNullOrEmpty(OutputColumnName))
            throw new ArgumentException($"OutputColumnName must be a column name, got '{OutputColumnName}'.", nameof(OutputColumnName));
    }
}

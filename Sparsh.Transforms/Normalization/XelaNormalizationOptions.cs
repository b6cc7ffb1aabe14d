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
}

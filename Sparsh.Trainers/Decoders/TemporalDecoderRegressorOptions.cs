using Sparsh.Transforms.Xela;

namespace Sparsh.Trainers.Decoders;

/// <summary>
/// Options of <see cref="TemporalDecoderRegressorEstimator"/>: per-window estimates from sequences of windows. Sequences never
/// cross recordings (<see cref="DecoderTrainingOptions.GroupColumnName"/>); validation holds out whole recordings.
/// </summary>
public sealed class TemporalDecoderRegressorOptions : DecoderTrainingOptions, IWindowSequenceOptions
{
    /// <summary>Window start time (seconds): orders windows and reveals gaps.</summary>
    public string WindowStartColumnName { get; set; } = XelaColumnNames.WindowStartSeconds;

    /// <summary>Windows per sequence: 100 x 0.1 s = 10 s, as in the paper.</summary>
    public int SequenceLengthWindows { get; set; } = 100;

    /// <summary>A step between window starts longer than this many median steps starts a new sequence (a gap).</summary>
    public double GapFactor { get; set; } = 1.5;

    /// <summary>A copy with its own lists: estimators and transformers keep one, so changing this object later changes nothing fitted.</summary>
    public TemporalDecoderRegressorOptions Clone() => (TemporalDecoderRegressorOptions)CopyCore();

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        if (SequenceLengthWindows < 1)
            throw new ArgumentOutOfRangeException(nameof(SequenceLengthWindows), $"SequenceLengthWindows must be at least 1, got {SequenceLengthWindows}.");
        if (!(GapFactor > 0)) throw new ArgumentOutOfRangeException(nameof(GapFactor), $"GapFactor must be positive, got {GapFactor}.");
    }
}

using Sparsh.Transforms.Xela;

namespace Sparsh.Transforms.Preprocessing;

/// <summary>What <see cref="ValidityFlagging"/> found in raw magnetic frames: every zeroed value is counted here.</summary>
public sealed class ValidityReport
{
    /// <summary>Creates a report from its counts.</summary>
    /// <param name="frames">Frames inspected.</param>
    /// <param name="invalidValues">Values outside the valid range, NaN or infinite.</param>
    /// <param name="invalidValuesPerTaxel">Invalid values per taxel (all axes and frames), 368 entries.</param>
    /// <param name="framesAffected">Frames with at least one invalid value.</param>
    public ValidityReport(int frames, long invalidValues, int[] invalidValuesPerTaxel, int framesAffected)
    {
        ArgumentNullException.ThrowIfNull(invalidValuesPerTaxel);
        if (invalidValuesPerTaxel.Length != XelaSkin.TaxelCount)
            throw new ArgumentException($"{invalidValuesPerTaxel.Length} per-taxel counts; expected {XelaSkin.TaxelCount}.", nameof(invalidValuesPerTaxel));
        Frames = frames;
        InvalidValues = invalidValues;
        InvalidValuesPerTaxel = invalidValuesPerTaxel;
        FramesAffected = framesAffected;
    }

    /// <summary>Frames inspected.</summary>
    public int Frames { get; }

    /// <summary>Total values inspected (frames x 1104).</summary>
    public long TotalValues => (long)Frames * XelaSkin.ValuesPerFrame;

    /// <summary>Values that were invalid and set to 0.</summary>
    public long InvalidValues { get; }

    /// <summary>Invalid values per taxel, summed over axes and frames (368 entries).</summary>
    public IReadOnlyList<int> InvalidValuesPerTaxel { get; }

    /// <summary>Frames with at least one invalid value.</summary>
    public int FramesAffected { get; }

    /// <summary>Fraction of values that were invalid (0 when there were no frames).</summary>
    public double InvalidFraction => TotalValues == 0 ? 0 : (double)InvalidValues / TotalValues;

    /// <summary>Taxels whose every value was invalid: typically broken sensors.</summary>
    public IReadOnlyList<int> DeadTaxels() => Frames == 0
        ? []
        : Enumerable.Range(0, XelaSkin.TaxelCount).Where(t => InvalidValuesPerTaxel[t] == Frames * XelaSkin.AxisCount).ToArray();

    /// <inheritdoc/>
    public override string ToString() =>
        $"{InvalidValues} of {TotalValues} magnetic values invalid ({InvalidFraction:P2}) in {FramesAffected} of {Frames} frames; " +
        $"{InvalidValuesPerTaxel.Count(c => c > 0)} taxels affected, {DeadTaxels().Count} dead.";
}

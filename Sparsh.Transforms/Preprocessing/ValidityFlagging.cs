using Sparsh.Transforms.Validity;
using Sparsh.Transforms.Xela;

namespace Sparsh.Transforms.Preprocessing;

/// <summary>
/// Flags raw magnetic readings that are outside [<see cref="XelaSkin.ValidMinCounts"/>, <see cref="XelaSkin.ValidMaxCounts"/>],
/// NaN or infinite, sets them to 0 and counts them.
/// </summary>
/// <remarks>
/// 0 is the invalid marker downstream (baseline, statistics, the encoder's inputs), as in the reference
/// preprocessing; it can never be a valid raw reading because the valid range starts far above 0.
/// </remarks>
public static class ValidityFlagging
{
    /// <summary>Zeroes invalid values of raw frames in place and reports what was zeroed.</summary>
    /// <param name="frames">Raw counts, frames x 1104, taxel-major.</param>
    /// <param name="minCounts">Smallest valid reading; must be positive so 0 stays an unambiguous marker.</param>
    /// <param name="maxCounts">Largest valid reading.</param>
    public static ValidityReport Flag(Span<float> frames, float minCounts = XelaSkin.ValidMinCounts, float maxCounts = XelaSkin.ValidMaxCounts)
    {
        if (frames.Length % XelaSkin.ValuesPerFrame != 0)
            throw new ArgumentException($"{frames.Length} values are not whole frames of {XelaSkin.ValuesPerFrame}.", nameof(frames));
        if (!(minCounts > 0) || !(maxCounts >= minCounts))
            throw new ArgumentOutOfRangeException(nameof(minCounts), $"valid range [{minCounts}, {maxCounts}] must be positive and ordered.");

        int frameCount = frames.Length / XelaSkin.ValuesPerFrame;
        var perTaxel = new int[XelaSkin.TaxelCount];
        long invalid = 0;
        int affected = 0;
        for (int f = 0; f < frameCount; f++)
        {
            var frame = frames.Slice(f * XelaSkin.ValuesPerFrame, XelaSkin.ValuesPerFrame);
            long inFrame = 0;
            for (int i = 0; i < frame.Length; i++)
            {
                // IsValid is false for NaN as well, since every comparison with NaN is false.
                if (XelaValidityTransformer.IsValid(frame[i], minCounts, maxCounts)) continue;
                frame[i] = 0f;
                perTaxel[i / XelaSkin.AxisCount]++;
                inFrame++;
            }
            invalid += inFrame;
            if (inFrame > 0) affected++;
        }
        return new ValidityReport(frameCount, invalid, perTaxel, affected);
    }
}

using Sparsh.Transforms.Recordings;
using Sparsh.Transforms.Xela;

namespace Sparsh.Transforms.Preprocessing;

/// <summary>One-call entry points for the preprocessing of the reference method.</summary>
public static class RecordingPreprocessor
{
    /// <summary>
    /// Flags invalid magnetic values and resamples every stream onto a common k / <paramref name="rateHz"/> grid
    /// (see <see cref="Resampler"/> for the rules on invalid values and gaps).
    /// </summary>
    public static AlignedRecording Align(XelaRecording recording, double rateHz = XelaSkin.FrameRateHz, Interpolation interpolation = Interpolation.CubicSpline) =>
        new Resampler { RateHz = rateHz, Interpolation = interpolation }.Align(recording);
}

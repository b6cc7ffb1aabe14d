using System.Globalization;

namespace Sparsh.Transforms.Windowing;

/// <summary>What windowing made of one recording: its frames, the runs that gaps split them into, and the windows formed and lost.</summary>
/// <param name="RecordingId">The recording.</param>
/// <param name="Frames">Frames of the recording in the input.</param>
/// <param name="Runs">Stretches of frames without a time step longer than <see cref="XelaWindowingOptions.MaxGapSeconds"/>; a window never spans two.</param>
/// <param name="LongestRunFrames">Frames in the longest run.</param>
/// <param name="Windows">Windows formed.</param>
/// <param name="WindowsLostToGaps">
/// Windows the same frames would give without gaps, minus those formed (never negative): the windows that could not be
/// formed because they would straddle a gap.
/// </param>
/// <param name="FramesInShortRuns">Frames of runs shorter than a window, which no window contains.</param>
/// <param name="WindowLengthFrames">Frames per window.</param>
public sealed record RecordingWindowReport(string RecordingId, long Frames, int Runs, long LongestRunFrames, long Windows,
    long WindowsLostToGaps, long FramesInShortRuns, int WindowLengthFrames)
{
    /// <summary>True when no window was lost to a gap and every run was long enough for a window.</summary>
    public bool IsComplete => WindowsLostToGaps == 0 && FramesInShortRuns == 0;

    /// <inheritdoc/>
    public override string ToString()
    {
        var text = string.Create(CultureInfo.InvariantCulture,
            $"recording '{RecordingId}': {Windows} windows of {WindowLengthFrames} frames from {Frames} frames in {Runs} run{(Runs == 1 ? "" : "s")}");
        return IsComplete ? text
            : text + string.Create(CultureInfo.InvariantCulture,
                $" ({WindowsLostToGaps} windows lost to gaps, {FramesInShortRuns} frames in runs shorter than a window)");
    }
}

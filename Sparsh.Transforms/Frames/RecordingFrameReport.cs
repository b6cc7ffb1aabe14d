using System.Globalization;
using Sparsh.Transforms.Preprocessing;

namespace Sparsh.Transforms.Frames;

/// <summary>What loading kept of one recording: frames on its common grid, frames emitted, and the samples removed.</summary>
/// <param name="RecordingId">The recording.</param>
/// <param name="GridFrames">Frames on the recording's common grid.</param>
/// <param name="FramesKept">Frames emitted as rows; the others fall in a gap of some stream (or in the hole a removed sample left).</param>
/// <param name="NonFiniteSamplesDropped">Joint or label samples holding NaN or infinity that were removed, by stream.</param>
public sealed record RecordingFrameReport(string RecordingId, int GridFrames, int FramesKept, IReadOnlyDictionary<string, int> NonFiniteSamplesDropped)
{
    /// <summary>Frames of the grid not emitted.</summary>
    public int FramesDropped => GridFrames - FramesKept;

    /// <summary>True when nothing was dropped or removed.</summary>
    public bool IsComplete => FramesDropped == 0 && NonFiniteSamplesDropped.Count == 0;

    /// <summary>The report of an aligned recording.</summary>
    public static RecordingFrameReport Of(AlignedRecording recording)
    {
        ArgumentNullException.ThrowIfNull(recording);
        return new(recording.Id, recording.FrameCount, recording.FrameOk.Count(ok => ok), recording.NonFiniteSamplesDropped);
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"recording '{RecordingId}': {FramesKept} of {GridFrames} frames kept ({FramesDropped} dropped in stream gaps)");
        return NonFiniteSamplesDropped.Count == 0 ? text
            : text + "; non-finite samples removed: " + string.Join(", ", NonFiniteSamplesDropped.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}"));
    }
}

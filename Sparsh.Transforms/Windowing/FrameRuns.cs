namespace Sparsh.Transforms.Windowing;

/// <summary>
/// Splits a frame stream into runs, the stretches a window may span: a new recording, or a time step longer than
/// <see cref="XelaWindowingOptions.MaxGapSeconds"/>, starts a new run. Checks that timestamps are finite and strictly
/// increasing within a recording. Shared by the window cursor and the count of windows, so both see the same runs.
/// </summary>
internal sealed class FrameRuns(string timestampColumnName, double maxGapSeconds)
{
    private bool _started;
    private double _lastTime;

    /// <summary>The recording of the last frame seen.</summary>
    public string RecordingId { get; private set; } = "";

    /// <summary>
    /// Takes input row <paramref name="row"/>; true when it starts a new run, with <paramref name="newRecording"/> true
    /// when it also starts a new recording (a recording id other than the previous frame's).
    /// </summary>
    /// <exception cref="InvalidDataException">The timestamp is not finite, or not after the previous frame's of the same recording.</exception>
    public bool StartsRun(ReadOnlySpan<char> recordingId, double time, long row, out bool newRecording)
    {
        if (!double.IsFinite(time))
            throw new InvalidDataException($"Column '{timestampColumnName}', row {row}: timestamp {time} is not finite.");
        newRecording = !_started || !recordingId.SequenceEqual(RecordingId.AsSpan());
        bool startsRun = newRecording;
        if (newRecording)
        {
            RecordingId = recordingId.ToString();
            _started = true;
        }
        else
        {
            double step = time - _lastTime;
            if (!(step > 0))
                throw new InvalidDataException(
                    $"Column '{timestampColumnName}', row {row} (recording '{RecordingId}'): timestamp {time:R} s is not after the previous frame's {_lastTime:R} s; frames must be strictly increasing in time within a recording.");
            startsRun = step > maxGapSeconds;
        }
        _lastTime = time;
        return startsRun;
    }
}

using Sparsh.Transforms.Xela;

namespace Sparsh.Transforms.Windowing;

/// <summary>Options of <see cref="XelaWindowingEstimator"/>.</summary>
public sealed class XelaWindowingOptions
{
    /// <summary>Frames per window (10 frames = 0.1 s at 100 Hz, as in Sparsh-skin).</summary>
    public int WindowLengthFrames { get; set; } = 10;

    /// <summary>Frames between the starts of consecutive windows (equal to the length: no overlap).</summary>
    public int StrideFrames { get; set; } = 10;

    /// <summary>
    /// Largest time step (seconds) allowed inside a window; a larger step (a dropped stretch) starts a new
    /// window run. Default 1.5 frame periods at 100 Hz.
    /// </summary>
    public double MaxGapSeconds { get; set; } = 0.015;

    /// <summary>Text column identifying the recording; windows never cross recordings.</summary>
    public string RecordingIdColumnName { get; set; } = XelaColumnNames.RecordingId;

    /// <summary>Frame timestamp column (double, seconds), strictly increasing within a recording.</summary>
    public string TimestampColumnName { get; set; } = XelaColumnNames.TimestampSeconds;

    /// <summary>
    /// Per-frame vector columns stacked into [frames, ...] windows. Float or bool vectors. By default the
    /// magnetic readings and joint angles; the validity mask is added when the input has it.
    /// </summary>
    public IList<string>? WindowedColumnNames { get; set; }

    /// <summary>Per-frame label columns (float or float vector) reduced to one value per window.</summary>
    public IList<string> LabelColumnNames { get; set; } = [];

    /// <summary>
    /// Scalar per-recording columns (e.g. SkinId) carried to each window from its last frame. By default
    /// <c>SkinId</c> when the input has it, so windows can be split by skin as well as by recording.
    /// </summary>
    public IList<string>? PassThroughColumnNames { get; set; }

    /// <summary>How labels are reduced over a window.</summary>
    public LabelAggregation LabelAggregation { get; set; } = LabelAggregation.End;

    /// <summary>Output column with the timestamp of the window's first frame (seconds).</summary>
    public string WindowStartColumnName { get; set; } = XelaColumnNames.WindowStartSeconds;

    /// <summary>A copy with its own column lists: changing the caller's object or lists later changes nothing fitted.</summary>
    public XelaWindowingOptions Clone()
    {
        var copy = (XelaWindowingOptions)MemberwiseClone();
        copy.WindowedColumnNames = WindowedColumnNames?.ToList();
        copy.LabelColumnNames = LabelColumnNames?.ToList()!; // null stays null for Validate to report
        copy.PassThroughColumnNames = PassThroughColumnNames?.ToList();
        return copy;
    }

    /// <summary>Throws naming the first invalid option.</summary>
    public void Validate()
    {
        if (WindowLengthFrames < 1)
            throw new ArgumentOutOfRangeException(nameof(WindowLengthFrames), $"WindowLengthFrames must be at least 1, got {WindowLengthFrames}.");
        if (StrideFrames < 1)
            throw new ArgumentOutOfRangeException(nameof(StrideFrames), $"StrideFrames must be at least 1, got {StrideFrames}.");
        if (!(MaxGapSeconds > 0))
            throw new ArgumentOutOfRangeException(nameof(MaxGapSeconds), $"MaxGapSeconds must be positive, got {MaxGapSeconds}.");
        if (LabelColumnNames is null)
            throw new ArgumentNullException(nameof(LabelColumnNames), "LabelColumnNames must be a list (empty for no labels), got null.");
        if (!Enum.IsDefined(LabelAggregation))
            throw new ArgumentOutOfRangeException(nameof(LabelAggregation), $"LabelAggregation must be one of {string.Join(", ", Enum.GetNames<LabelAggregation>())}, got {LabelAggregation}.");
    }
}

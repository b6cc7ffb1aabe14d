namespace Sparsh.LiveScoring;

/// <summary>What the live-scoring example scores.</summary>
public enum LiveTask
{
    /// <summary>Contact force from each window (ForceModel).</summary>
    Force,

    /// <summary>Object pose from the last windows (TrackingModel).</summary>
    Pose,
}

namespace Sparsh.Scoring.Tracking;

/// <summary>The columns the tracking model reads from a stream-form zip's output.</summary>
internal sealed class ScoredStreamWindow
{
    /// <summary>The estimate after the new window [outputs].</summary>
    public float[] Score { get; set; } = [];

    /// <summary>The new window's pooled summary [D], kept for the windows after it.</summary>
    public float[] WindowSummary { get; set; } = [];

    /// <summary>Per frame and taxel: true when all three raw counts were in range [10, 368].</summary>
    public bool[] Validity { get; set; } = [];
}

namespace Sparsh.Scoring.Tracking;

/// <summary>The columns the tracking model reads from the zip's output (the prediction engine's output type).</summary>
internal sealed class ScoredSequence
{
    /// <summary>Estimate after each window of the row [N, outputs].</summary>
    public float[] StepScores { get; set; } = [];

    /// <summary>Per window, frame and taxel: true when all three raw counts were in range [N, 10, 368].</summary>
    public bool[] Validity { get; set; } = [];
}

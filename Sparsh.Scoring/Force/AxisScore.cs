namespace Sparsh.Scoring.Force;

/// <summary>One force component of one window, true and predicted, for ML.NET's regression evaluator (scalar only).</summary>
internal sealed class AxisScore
{
    /// <summary>True value in newtons.</summary>
    public float Label { get; set; }

    /// <summary>Predicted value in newtons.</summary>
    public float Score { get; set; }
}

namespace Sparsh.Transforms.Windowing;

/// <summary>How a window's label is taken from its frames' labels.</summary>
public enum LabelAggregation
{
    /// <summary>The label of the window's last frame (what a causal estimator predicts).</summary>
    End,

    /// <summary>The mean over the window's frames.</summary>
    Mean,
}

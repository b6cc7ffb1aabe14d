namespace Sparsh.MLNet.Evaluation;

/// <summary>Regression metrics of one output (e.g. normal force in newtons), in the label's units.</summary>
/// <param name="Name">Output name (e.g. "Fz").</param>
/// <param name="RootMeanSquaredError">sqrt(mean((y - y')^2)).</param>
/// <param name="MeanAbsoluteError">mean(|y - y'|).</param>
/// <param name="RSquared">1 - SS_res / SS_tot (NaN when the labels are constant).</param>
/// <param name="PearsonR">Correlation of predictions with labels (NaN when either is constant).</param>
/// <param name="AccuracyWithinThreshold">Fraction of rows with |y - y'| within this output's threshold; null without thresholds.</param>
public sealed record OutputMetrics(string Name, double RootMeanSquaredError, double MeanAbsoluteError, double RSquared, double PearsonR,
    double? AccuracyWithinThreshold);

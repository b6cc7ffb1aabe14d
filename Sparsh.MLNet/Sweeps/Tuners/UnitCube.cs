namespace Sparsh.MLNet.Sweeps;

/// <summary>
/// A family's parameters as a point in [0, 1]^d, the space the cost-frugal search walks: a float range by its (log-)fraction,
/// an integer range by its rounded fraction, a choice by the index of the slice the coordinate falls in.
/// </summary>
internal static class UnitCube
{
    /// <summary>The parameter values at <paramref name="point"/> (one coordinate per domain, in order).</summary>
    public static SweepParameters Values(SweepFamilySpace family, IReadOnlyList<double> point) =>
        new(family.Parameters.Select((domain, i) => new KeyValuePair<string, string>(domain.Name, Value(domain, Math.Clamp(point[i], 0, 1)))));

    private static string Value(ParameterDomain domain, double unit) => domain switch
    {
        FloatRangeDomain range => range.ValueAt(unit),
        IntRangeDomain range => SweepParameters.Format((int)Math.Round(range.Min + unit * ((double)range.Max - range.Min))),
        ChoiceDomain choice => choice.Values[Math.Min(choice.Values.Count - 1, (int)(unit * choice.Values.Count))],
        _ => throw new NotSupportedException(
            $"Parameter '{domain.Name}' has domain type {domain.GetType().Name}, which the cost-frugal tuner cannot place in the unit cube; use Random or Grid."),
    };
}

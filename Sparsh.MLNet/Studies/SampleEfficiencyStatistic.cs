using System.Globalization;

namespace Sparsh.MLNet.Studies;

/// <summary>A metric over a study's seeds: mean, sample standard deviation (0 for one seed) and how many seeds.</summary>
/// <param name="Mean">Mean over seeds (NaN when no run matched).</param>
/// <param name="StandardDeviation">Sample standard deviation over seeds.</param>
/// <param name="Seeds">Runs averaged.</param>
public readonly record struct SampleEfficiencyStatistic(double Mean, double StandardDeviation, int Seeds)
{
    /// <summary>"mean ± std" with the given number format (invariant culture), as tables show it.</summary>
    public string ToString(string format) => string.Create(CultureInfo.InvariantCulture, $"{Mean.ToString(format, CultureInfo.InvariantCulture)} ± {StandardDeviation.ToString(format, CultureInfo.InvariantCulture)}");
}

using System.Globalization;

namespace Sparsh.MLNet.Sweeps;

/// <summary>A real parameter in [Min, Max], uniform or log-uniform.</summary>
public sealed class FloatRangeDomain : ParameterDomain
{
    /// <summary>Creates the domain.</summary>
    public FloatRangeDomain(string name, double min, double max, bool logScale) : base(name)
    {
        if (!(max >= min) || double.IsInfinity(min) || double.IsInfinity(max))
            throw new ArgumentOutOfRangeException(nameof(max), $"Parameter '{name}': [{min}, {max}] is not a finite range.");
        if (logScale && min <= 0)
            throw new ArgumentOutOfRangeException(nameof(min), $"Parameter '{name}': a log-uniform range needs a positive min, got {min}.");
        Min = min;
        Max = max;
        LogScale = logScale;
    }

    /// <summary>Lower end.</summary>
    public double Min { get; }

    /// <summary>Upper end.</summary>
    public double Max { get; }

    /// <summary>True when values are spread evenly in log space.</summary>
    public bool LogScale { get; }

    /// <summary>Evenly spaced points (in log space for log ranges), ends included; one point gives the (geometric) middle.</summary>
    public override IReadOnlyList<string> GridValues(int pointsPerRange)
    {
        if (pointsPerRange < 1) throw new ArgumentOutOfRangeException(nameof(pointsPerRange), $"Need at least one grid point, got {pointsPerRange}.");
        if (pointsPerRange == 1) return [SweepParameters.Format(At(0.5))];
        return Enumerable.Range(0, pointsPerRange).Select(i => SweepParameters.Format(At((double)i / (pointsPerRange - 1)))).ToArray();
    }

    /// <inheritdoc/>
    /// <remarks>Draws are rounded to <see cref="SignificantDigits"/> significant digits: readable on the leaderboard, and finer steps do not change a trial.</remarks>
    public override string Sample(Random random) => ValueAt(random.NextDouble());

    /// <summary>The value <paramref name="fraction"/> of the way along the range (in log space for log ranges), rounded as <see cref="Sample"/> rounds.</summary>
    internal string ValueAt(double fraction)
    {
        double value = At(fraction);
        if (value != 0)
        {
            double scale = Math.Pow(10, SignificantDigits - 1 - (int)Math.Floor(Math.Log10(Math.Abs(value))));
            value = Math.Clamp(Math.Round(value * scale) / scale, Min, Max);
        }
        return SweepParameters.Format(value);
    }

    /// <summary>Significant digits kept by <see cref="Sample"/>.</summary>
    public int SignificantDigits { get; init; } = 4;

    /// <inheritdoc/>
    public override string Describe() => (LogScale ? "log" : "") +
        $"[{Min.ToString("G4", CultureInfo.InvariantCulture)}, {Max.ToString("G4", CultureInfo.InvariantCulture)}]";

    // Clamped because exp(log(x)) can land one ulp outside the range.
    private double At(double fraction) => Math.Clamp(LogScale
        ? Math.Exp(Math.Log(Min) + (Math.Log(Max) - Math.Log(Min)) * fraction)
        : Min + (Max - Min) * fraction, Min, Max);
}

namespace Sparsh.MLNet.Sweeps;

/// <summary>An integer parameter in [Min, Max], both included.</summary>
public sealed class IntRangeDomain : ParameterDomain
{
    /// <summary>Creates the domain.</summary>
    public IntRangeDomain(string name, int min, int max) : base(name)
    {
        if (max < min) throw new ArgumentOutOfRangeException(nameof(max), $"Parameter '{name}': max {max} is below min {min}.");
        Min = min;
        Max = max;
    }

    /// <summary>Smallest value.</summary>
    public int Min { get; }

    /// <summary>Largest value.</summary>
    public int Max { get; }

    /// <summary>Every integer when the range has at most <paramref name="pointsPerRange"/> of them, else evenly spaced rounded points (ends included).</summary>
    public override IReadOnlyList<string> GridValues(int pointsPerRange)
    {
        if (pointsPerRange < 1) throw new ArgumentOutOfRangeException(nameof(pointsPerRange), $"Need at least one grid point, got {pointsPerRange}.");
        long count = (long)Max - Min + 1;
        if (count <= pointsPerRange) return Enumerable.Range(Min, (int)count).Select(v => SweepParameters.Format(v)).ToArray();
        if (pointsPerRange == 1) return [SweepParameters.Format(Min + (Max - Min) / 2)];
        return Enumerable.Range(0, pointsPerRange)
            .Select(i => (int)Math.Round(Min + (double)(Max - Min) * i / (pointsPerRange - 1)))
            .Distinct().Select(v => SweepParameters.Format(v)).ToArray();
    }

    /// <inheritdoc/>
    public override string Sample(Random random) => SweepParameters.Format(random.Next(Min, Max + 1));

    /// <inheritdoc/>
    public override string Describe() => $"[{Min}, {Max}]";
}

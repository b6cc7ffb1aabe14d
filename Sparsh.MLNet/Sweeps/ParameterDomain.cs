namespace Sparsh.MLNet.Sweeps;

/// <summary>
/// The values one hyperparameter may take. Values are kept as invariant-culture text so a trial's parameters
/// compare, print and round-trip through the resume journal exactly.
/// </summary>
public abstract class ParameterDomain
{
    /// <summary>Creates a domain for the parameter <paramref name="name"/>.</summary>
    protected ParameterDomain(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>Parameter name, e.g. "LearningRate".</summary>
    public string Name { get; }

    /// <summary>The values a grid search tries; continuous ranges give <paramref name="pointsPerRange"/> evenly spaced points.</summary>
    public abstract IReadOnlyList<string> GridValues(int pointsPerRange);

    /// <summary>One value drawn from the domain.</summary>
    public abstract string Sample(Random random);

    /// <summary>Categorical choices: <c>ParameterDomain.Choice("Heads", 1, 2, 4)</c>.</summary>
    public static ChoiceDomain Choice<T>(string name, params T[] values) where T : notnull => new(name, values.Select(v => SweepParameters.Format(v)).ToArray());

    /// <summary>Integers from <paramref name="min"/> to <paramref name="max"/>, both included.</summary>
    public static IntRangeDomain IntRange(string name, int min, int max) => new(name, min, max);

    /// <summary>Floats uniform in [min, max].</summary>
    public static FloatRangeDomain Uniform(string name, double min, double max) => new(name, min, max, logScale: false);

    /// <summary>Floats log-uniform in [min, max] (learning rates, regularisation); both must be positive.</summary>
    public static FloatRangeDomain LogUniform(string name, double min, double max) => new(name, min, max, logScale: true);

    /// <inheritdoc/>
    public override string ToString() => $"{Name} in {Describe()}";

    /// <summary>The domain without its name, e.g. "{1, 2, 4}" or "log[1E-04, 0.01]".</summary>
    public abstract string Describe();
}

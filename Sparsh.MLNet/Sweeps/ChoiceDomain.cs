namespace Sparsh.MLNet.Sweeps;

/// <summary>A categorical parameter: one of a fixed list of values.</summary>
public sealed class ChoiceDomain : ParameterDomain
{
    /// <summary>Creates the domain; values are invariant-culture text (see <see cref="ParameterDomain.Choice{T}"/>).</summary>
    public ChoiceDomain(string name, IReadOnlyList<string> values) : base(name)
    {
        if (values.Count == 0) throw new ArgumentException($"Parameter '{name}' needs at least one choice.", nameof(values));
        Values = values;
    }

    /// <summary>The choices, in order.</summary>
    public IReadOnlyList<string> Values { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<string> GridValues(int pointsPerRange) => Values;

    /// <inheritdoc/>
    public override string Sample(Random random) => Values[random.Next(Values.Count)];

    /// <inheritdoc/>
    public override string Describe() => "{" + string.Join(", ", Values) + "}";
}

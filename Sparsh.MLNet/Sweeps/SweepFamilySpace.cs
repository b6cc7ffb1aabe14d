namespace Sparsh.MLNet.Sweeps;

/// <summary>One decoder family and the domains of its hyperparameters.</summary>
public sealed class SweepFamilySpace
{
    /// <summary>Creates the family's space; parameter names must be unique.</summary>
    public SweepFamilySpace(SweepFamily family, IEnumerable<ParameterDomain> parameters)
    {
        Family = family;
        Parameters = parameters.ToArray();
        var duplicate = Parameters.GroupBy(p => p.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate != null) throw new ArgumentException($"Family {family} lists parameter '{duplicate.Key}' twice.", nameof(parameters));
    }

    /// <summary>The family.</summary>
    public SweepFamily Family { get; }

    /// <summary>Its hyperparameter domains.</summary>
    public IReadOnlyList<ParameterDomain> Parameters { get; }

    /// <summary>Cartesian product of the grid values, first parameter varying slowest.</summary>
    public IEnumerable<SweepParameters> Grid(int pointsPerRange)
    {
        IEnumerable<IEnumerable<KeyValuePair<string, string>>> product = [[]];
        foreach (var domain in Parameters)
        {
            var values = domain.GridValues(pointsPerRange);
            product = product.SelectMany(prefix => values.Select(v => prefix.Append(new KeyValuePair<string, string>(domain.Name, v))));
        }
        return product.Select(p => new SweepParameters(p));
    }

    /// <summary>One draw of every parameter, in declaration order (so draws are reproducible for a seed).</summary>
    public SweepParameters Sample(Random random) => new(Parameters.Select(d => new KeyValuePair<string, string>(d.Name, d.Sample(random))));
}

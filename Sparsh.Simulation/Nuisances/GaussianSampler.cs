namespace Sparsh.Simulation.Nuisances;

/// <summary>Standard normal samples from a seeded <see cref="Random"/> (Marsaglia's polar method: no trigonometry, both values used).</summary>
internal sealed class GaussianSampler(int seed)
{
    private readonly Random _random = new(seed);
    private double _spare;
    private bool _hasSpare;

    /// <summary>The underlying uniform generator, for draws that belong to the same stream.</summary>
    public Random Uniform => _random;

    public double Next()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spare;
        }
        double u, v, s;
        do
        {
            u = 2.0 * _random.NextDouble() - 1.0;
            v = 2.0 * _random.NextDouble() - 1.0;
            s = u * u + v * v;
        }
        while (s >= 1.0 || s == 0.0);
        double scale = Math.Sqrt(-2.0 * Math.Log(s) / s);
        _spare = v * scale;
        _hasSpare = true;
        return u * scale;
    }
}

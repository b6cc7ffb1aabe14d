namespace Sparsh.Transforms.Simulation;

/// <summary>Standard normal samples from a seeded <see cref="Random"/> (Box-Muller, both values used).</summary>
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
        double u1 = 1.0 - _random.NextDouble();
        double u2 = _random.NextDouble();
        double radius = Math.Sqrt(-2.0 * Math.Log(u1));
        (double sin, double cos) = Math.SinCos(2.0 * Math.PI * u2);
        _spare = radius * sin;
        _hasSpare = true;
        return radius * cos;
    }
}

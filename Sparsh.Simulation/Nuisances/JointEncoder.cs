namespace Sparsh.Simulation.Nuisances;

/// <summary>
/// Reads joint angles the way the hand's encoders report them: Gaussian noise plus quantisation to the
/// encoder resolution.
/// </summary>
public sealed class JointEncoder
{
    private readonly GaussianSampler _random;

    /// <summary>Creates an encoder model.</summary>
    /// <param name="noiseStdRadians">Standard deviation of the reading noise, radians.</param>
    /// <param name="resolutionRadians">Quantisation step, radians (0 for none).</param>
    /// <param name="seed">Seed of the noise stream.</param>
    public JointEncoder(double noiseStdRadians = 0.002, double resolutionRadians = 0.0005, int seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(noiseStdRadians);
        ArgumentOutOfRangeException.ThrowIfNegative(resolutionRadians);
        NoiseStdRadians = noiseStdRadians;
        ResolutionRadians = resolutionRadians;
        _random = new GaussianSampler(seed);
    }

    /// <summary>Reading noise, radians.</summary>
    public double NoiseStdRadians { get; }

    /// <summary>Quantisation step, radians.</summary>
    public double ResolutionRadians { get; }

    /// <summary>Writes noisy, quantised readings of <paramref name="trueAnglesRadians"/>.</summary>
    public void Read(ReadOnlySpan<float> trueAnglesRadians, Span<float> readingsRadians)
    {
        if (readingsRadians.Length != trueAnglesRadians.Length)
            throw new ArgumentException($"Expected room for {trueAnglesRadians.Length} readings; got {readingsRadians.Length}.", nameof(readingsRadians));
        for (int j = 0; j < trueAnglesRadians.Length; j++)
        {
            double value = trueAnglesRadians[j] + NoiseStdRadians * _random.Next();
            if (ResolutionRadians > 0)
                value = Math.Round(value / ResolutionRadians) * ResolutionRadians;
            readingsRadians[j] = (float)value;
        }
    }
}

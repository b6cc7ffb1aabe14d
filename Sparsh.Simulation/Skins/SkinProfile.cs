using System.Numerics;
using Sparsh.Simulation.Nuisances;

namespace Sparsh.Simulation.Skins;

/// <summary>
/// One physical skin: per-taxel, per-axis offsets and gains, magnet placement, faults and drift sensitivities.
/// Generated from a seed, so a set of skins can be rebuilt exactly and data split by skin.
/// </summary>
public sealed class SkinProfile
{
    private SkinProfile(string id, int seed, int taxelCount)
    {
        Id = id;
        Seed = seed;
        TaxelCount = taxelCount;
        OffsetCounts = new float[taxelCount * 3];
        GainCounts = new float[taxelCount * 3];
        MagnetHeightScale = new float[taxelCount];
        MagnetOffsetMetres = new Vector2[taxelCount];
        Faults = new TaxelFault[taxelCount];
        StuckCounts = new float[taxelCount * 3];
        TemperatureSensitivityCounts = new float[taxelCount * 3];
        WanderAmplitudeCounts = new float[taxelCount * 3];
        WanderFrequencyHz = new float[taxelCount];
        WanderPhase = new float[taxelCount];
    }

    /// <summary>Skin identifier, written to recordings and manifests.</summary>
    public string Id { get; }

    /// <summary>Seed the profile was generated from.</summary>
    public int Seed { get; }

    /// <summary>Number of taxels.</summary>
    public int TaxelCount { get; }

    /// <summary>Rest reading per taxel and axis, counts (taxel-major x, y, z).</summary>
    public float[] OffsetCounts { get; }

    /// <summary>Counts per unit field change per taxel and axis.</summary>
    public float[] GainCounts { get; }

    /// <summary>Magnet rest height relative to nominal, per taxel.</summary>
    public float[] MagnetHeightScale { get; }

    /// <summary>Lateral magnet misplacement per taxel, metres.</summary>
    public Vector2[] MagnetOffsetMetres { get; }

    /// <summary>Fault of each taxel.</summary>
    public TaxelFault[] Faults { get; }

    /// <summary>Constant reading of stuck taxels per axis, counts (zero elsewhere).</summary>
    public float[] StuckCounts { get; }

    /// <summary>Temperature sensitivity per taxel and axis, counts per kelvin.</summary>
    public float[] TemperatureSensitivityCounts { get; }

    /// <summary>Amplitude of the slow wander per taxel and axis, counts.</summary>
    public float[] WanderAmplitudeCounts { get; }

    /// <summary>Wander frequency per taxel, hertz.</summary>
    public float[] WanderFrequencyHz { get; }

    /// <summary>Wander phase per taxel, radians.</summary>
    public float[] WanderPhase { get; }

    /// <summary>Taxels with <see cref="TaxelFault.DeadLow"/> or <see cref="TaxelFault.DeadHigh"/>.</summary>
    public IEnumerable<int> DeadTaxels => Enumerable.Range(0, TaxelCount).Where(t => Faults[t] is TaxelFault.DeadLow or TaxelFault.DeadHigh);

    /// <summary>Generates a skin from a seed.</summary>
    public static SkinProfile Generate(string id, int seed, int taxelCount, SkinProfileOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(taxelCount);
        options ??= new SkinProfileOptions();
        var profile = new SkinProfile(id, seed, taxelCount);
        var gaussian = new GaussianSampler(seed);
        var random = gaussian.Uniform;
        float[] nominalGain = [options.ShearGainCounts, options.ShearGainCounts, options.NormalGainCounts];
        for (int t = 0; t < taxelCount; t++)
        {
            for (int a = 0; a < 3; a++)
            {
                int i = 3 * t + a;
                profile.OffsetCounts[i] = MathF.Round(options.OffsetMinCounts + (float)random.NextDouble() * (options.OffsetMaxCounts - options.OffsetMinCounts));
                profile.GainCounts[i] = nominalGain[a] * MathF.Exp(options.GainLogStd * (float)gaussian.Next());
                profile.TemperatureSensitivityCounts[i] = options.TemperatureSensitivityStdCounts * (float)gaussian.Next();
                profile.WanderAmplitudeCounts[i] = options.WanderAmplitudeCounts * (float)random.NextDouble();
            }
            profile.MagnetHeightScale[t] = 1f + options.MagnetHeightSpread * (2f * (float)random.NextDouble() - 1f);
            profile.MagnetOffsetMetres[t] = options.MagnetOffsetMetres * new Vector2(2f * (float)random.NextDouble() - 1f, 2f * (float)random.NextDouble() - 1f);
            float period = options.WanderPeriodSeconds.Min + (float)random.NextDouble() * (options.WanderPeriodSeconds.Max - options.WanderPeriodSeconds.Min);
            profile.WanderFrequencyHz[t] = 1f / period;
            profile.WanderPhase[t] = 2f * MathF.PI * (float)random.NextDouble();
        }

        int dead = Math.Min(Poisson(random, options.MeanDeadTaxels), taxelCount);
        int stuck = Math.Min(Poisson(random, options.MeanStuckTaxels), taxelCount - dead);
        foreach (int t in Shuffle(random, taxelCount).Take(dead + stuck).Select((taxel, k) => k < dead ? taxel : ~taxel))
        {
            if (t >= 0)
            {
                profile.Faults[t] = random.Next(2) == 0 ? TaxelFault.DeadLow : TaxelFault.DeadHigh;
                continue;
            }
            int s = ~t;
            profile.Faults[s] = TaxelFault.Stuck;
            for (int a = 0; a < 3; a++)
                profile.StuckCounts[3 * s + a] = profile.OffsetCounts[3 * s + a] + MathF.Round(200f * (float)gaussian.Next());
        }
        return profile;
    }

    /// <summary>Generates <paramref name="count"/> skins named sim-skin-00, sim-skin-01, ... from one seed.</summary>
    public static IReadOnlyList<SkinProfile> GenerateSet(int count, int seed, int taxelCount, SkinProfileOptions? options = null) =>
        Enumerable.Range(0, count)
            .Select(k => Generate($"sim-skin-{k:00}", SeedMixer.Derive(seed, k), taxelCount, options))
            .ToArray();

    private static int Poisson(Random random, double mean)
    {
        // Knuth's method: fine for the small means used here.
        double limit = Math.Exp(-mean), product = random.NextDouble();
        int k = 0;
        while (product > limit)
        {
            k++;
            product *= random.NextDouble();
        }
        return k;
    }

    private static int[] Shuffle(Random random, int count)
    {
        var order = Enumerable.Range(0, count).ToArray();
        random.Shuffle(order);
        return order;
    }
}

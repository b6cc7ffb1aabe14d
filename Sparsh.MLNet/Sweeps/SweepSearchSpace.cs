using Sparsh.Trainers.Decoders;
using static Sparsh.MLNet.Sweeps.SweepParameterNames;

namespace Sparsh.MLNet.Sweeps;

/// <summary>
/// The decoder families and hyperparameter domains a sweep explores, e.g. the attentive pooler's heads, MLP width
/// and learning rate next to FastTree, LightGBM and SDCA on the pooled embedding.
/// </summary>
public sealed class SweepSearchSpace
{
    /// <summary>Creates a space over the given families (each family at most once).</summary>
    public SweepSearchSpace(IEnumerable<SweepFamilySpace> families)
    {
        Families = families.ToArray();
        if (Families.Count == 0) throw new ArgumentException("A search space needs at least one family.", nameof(families));
        var duplicate = Families.GroupBy(f => f.Family).FirstOrDefault(g => g.Count() > 1);
        if (duplicate != null) throw new ArgumentException($"Family {duplicate.Key} is listed twice.", nameof(families));
    }

    /// <summary>The families, in order.</summary>
    public IReadOnlyList<SweepFamilySpace> Families { get; }

    /// <summary>The attentive pooler's default domains (Frozen mode; sized for small token widths such as 16-64).</summary>
    public static SweepFamilySpace AttentivePoolerSpace() => new(SweepFamily.AttentivePooler,
    [
        ParameterDomain.Choice(Heads, 1, 2, 4),
        ParameterDomain.Choice(HiddenWidth, 8, 16, 32),
        ParameterDomain.IntRange(MlpDepth, 1, 2),
        ParameterDomain.LogUniform(LearningRate, 1e-4, 1e-2),
        ParameterDomain.IntRange(Epochs, 5, 30),
        ParameterDomain.Choice(Mode, DecoderMode.Frozen),
    ]);

    /// <summary>FastTree's default domains.</summary>
    public static SweepFamilySpace FastTreeSpace() => new(SweepFamily.FastTree,
    [
        ParameterDomain.IntRange(NumberOfLeaves, 4, 32),
        ParameterDomain.IntRange(NumberOfTrees, 20, 200),
        ParameterDomain.LogUniform(LearningRate, 0.02, 0.3),
        ParameterDomain.IntRange(MinimumExampleCountPerLeaf, 2, 20),
    ]);

    /// <summary>LightGBM's default domains.</summary>
    public static SweepFamilySpace LightGbmSpace() => new(SweepFamily.LightGbm,
    [
        ParameterDomain.IntRange(NumberOfLeaves, 4, 32),
        ParameterDomain.IntRange(NumberOfTrees, 20, 200),
        ParameterDomain.LogUniform(LearningRate, 0.02, 0.3),
        ParameterDomain.IntRange(MinimumExampleCountPerLeaf, 2, 20),
    ]);

    /// <summary>SDCA's default domains.</summary>
    public static SweepFamilySpace SdcaSpace() => new(SweepFamily.Sdca,
    [
        ParameterDomain.LogUniform(L2Regularization, 1e-6, 1e-1),
        ParameterDomain.LogUniform(L1Regularization, 1e-6, 1e-1),
        ParameterDomain.IntRange(MaximumNumberOfIterations, 10, 100),
    ]);

    /// <summary>All four families with their default domains.</summary>
    public static SweepSearchSpace Default() => new([AttentivePoolerSpace(), FastTreeSpace(), LightGbmSpace(), SdcaSpace()]);

    /// <summary>
    /// The trials of a sweep, lazily. Random: each trial picks a family uniformly then draws its parameters, from one
    /// generator seeded by <paramref name="seed"/>, so the first N trials are the same whatever the budget (which is what
    /// makes resuming with a larger budget possible). Grid: the exact cartesian product per family, families in order.
    /// </summary>
    public IEnumerable<SweepTrial> Plan(SweepStrategy strategy, int seed, int gridPointsPerRange = 3)
    {
        if (strategy == SweepStrategy.Grid)
        {
            int id = 0;
            foreach (var family in Families)
                foreach (var parameters in family.Grid(gridPointsPerRange))
                    yield return new SweepTrial(id++, family.Family, parameters);
            yield break;
        }
        var random = new Random(seed);
        for (int id = 0; ; id++)
        {
            var family = Families[random.Next(Families.Count)];
            yield return new SweepTrial(id, family.Family, family.Sample(random));
        }
    }

    /// <summary>Number of grid trials (the product of grid sizes, summed over families).</summary>
    public long GridSize(int gridPointsPerRange = 3) =>
        Families.Sum(f => f.Parameters.Aggregate(1L, (n, d) => n * d.GridValues(gridPointsPerRange).Count));
}
